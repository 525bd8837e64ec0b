package io.cfmr.schedule;

import java.util.Optional;

/**
 * A schedule (or one of its fields) is not valid. The message names the field in the schedule JSON
 * shape ({@code cron.start}, {@code app-guid}, ...) and says what is expected, so the toggler, the
 * broker and the daemon can show it to the user unchanged.
 */
public final class InvalidScheduleException extends IllegalArgumentException {

  private static final int MAX_ECHO = 80;

  private final String field;
  private final String problem;
  private final AppGuid app;

  public InvalidScheduleException(String field, String problem) {
    this(field, problem, null, null);
  }

  public InvalidScheduleException(String field, String problem, Throwable cause) {
    this(field, problem, null, cause);
  }

  private InvalidScheduleException(String field, String problem, AppGuid app, Throwable cause) {
    super(field + ": " + problem, cause);
    this.field = field;
    this.problem = problem;
    this.app = app;
  }

  /** The same problem, noting the app the rejected schedule names (for logs about that app). */
  InvalidScheduleException about(AppGuid app) {
    InvalidScheduleException about = new InvalidScheduleException(field, problem, app, getCause());
    about.setStackTrace(getStackTrace());
    return about;
  }

  /** The app the rejected schedule names, when at least its {@code app-guid} could be read. */
  public Optional<AppGuid> app() {
    return Optional.ofNullable(app);
  }

  /** What is wrong and what is expected, without the field name. */
  public String problem() {
    return problem;
  }

  /** The field in the schedule JSON shape, e.g. {@code cron.timezone}. */
  public String field() {
    return field;
  }

  /** Quotes user input for an error message, cut short so a huge value cannot flood a log. */
  static String quote(String text) {
    if (text == null) {
      return "nothing";
    }
    String shown = text.length() > MAX_ECHO ? text.substring(0, MAX_ECHO) + "..." : text;
    return "'" + shown + "'";
  }
}
