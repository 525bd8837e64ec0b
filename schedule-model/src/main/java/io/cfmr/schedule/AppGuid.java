package io.cfmr.schedule;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A Cloud Foundry app GUID, e.g. {@code cb203632-efaf-47f1-ae65-68b856a28c6f}. Stored in lower case
 * because it becomes part of Kubernetes names and label values.
 */
public record AppGuid(String value) {

  /**
   * The key under which the toggler's, the daemon's and the broker's log lines name the app they
   * are about (a key-value pair or an MDC entry), so that one query finds an app in all three.
   */
  public static final String LOG_KEY = "app_guid";

  private static final Pattern GUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public AppGuid {
    if (value == null || !GUID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "expected a lower-case GUID such as cb203632-efaf-47f1-ae65-68b856a28c6f");
    }
  }

  /**
   * Parses user input, accepting upper case.
   *
   * @throws InvalidScheduleException naming {@code field} when the text is not a GUID
   */
  public static AppGuid parse(String field, String text) {
    String normalized = text == null ? null : text.trim().toLowerCase(Locale.ROOT);
    if (normalized == null || !GUID.matcher(normalized).matches()) {
      throw new InvalidScheduleException(
          field,
          "expected a GUID such as cb203632-efaf-47f1-ae65-68b856a28c6f, got "
              + InvalidScheduleException.quote(text));
    }
    return new AppGuid(normalized);
  }

  @Override
  public String toString() {
    return value;
  }
}
