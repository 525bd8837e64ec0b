package io.cfmr.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.QuestionMark;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One validated cron expression, parsed with cron-utils.
 *
 * <p>Kubernetes (like Vixie cron) fires when <em>either</em> day-of-month or day-of-week matches if
 * both are restricted ({@code 0 0 1 * MON}); cron-utils' executions match both. Such an expression
 * is therefore kept as two parts, one per day field, whose firings together are the Kubernetes
 * firings.
 *
 * @param expression the expression as the user wrote it, with white space folded; what a CronJob's
 *     {@code spec.schedule} gets
 * @param parts one cron-utils cron, or two when both day fields are restricted
 */
public record CronSpec(String expression, List<Cron> parts) {

  // Parsers are immutable and thread-safe; building them costs more than a parse,
  // which matters to a daemon loading ten thousand schedules.
  private static final CronParser FIVE_FIELDS = new CronParser(definition(false));
  private static final CronParser SIX_FIELDS = new CronParser(definition(true));

  /**
   * Parsed specs by expression: a foundation's schedules share a handful of expressions, and a
   * daemon holding ten thousand of them then parses and keeps each once. Specs are immutable. The
   * bound only stops an unlikely stream of distinct expressions from growing it for good.
   */
  private static final Map<String, CronSpec> PARSED = new ConcurrentHashMap<>();

  private static final int PARSED_BOUND = 100_000;

  public CronSpec {
    parts = List.copyOf(parts);
  }

  /**
   * Parses and validates one expression.
   *
   * @param field the schedule field it came from, for the error message ({@code cron.start})
   * @throws InvalidScheduleException saying what is wrong and what is expected
   */
  public static CronSpec parse(String field, String text, CronSyntax syntax) {
    if (text == null || text.isBlank()) {
      throw new InvalidScheduleException(field, "expected a cron expression such as '*/2 * * * *'");
    }
    String expression = text.trim().replaceAll("\\s+", " ");
    String upper = expression.toUpperCase(Locale.ROOT);
    if (upper.startsWith("CRON_TZ=") || upper.startsWith("TZ=")) {
      throw new InvalidScheduleException(
          field, "a CRON_TZ/TZ prefix is not allowed; set cron.timezone instead");
    }
    boolean seconds = !expression.startsWith("@") && expression.split(" ").length == 6;
    if (seconds && syntax == CronSyntax.KUBERNETES) {
      throw new InvalidScheduleException(
          field,
          "expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as"
              + " @hourly, got "
              + InvalidScheduleException.quote(text));
    }
    CronSpec parsed = PARSED.get(expression);
    if (parsed != null) {
      return parsed;
    }
    Cron cron;
    try {
      // Like robfig/cron (Kubernetes), a ? in any field means *; cron-utils takes it only in one of
      // the day fields.
      cron = (seconds ? SIX_FIELDS : FIVE_FIELDS).parse(expression.replace('?', '*'));
    } catch (IllegalArgumentException e) {
      throw new InvalidScheduleException(
          field,
          "expected "
              + (syntax == CronSyntax.KUBERNETES ? "Kubernetes CronJob syntax" : "cron syntax")
              + " such as '*/2 * * * *' or '0 8 * * MON-FRI'"
              + (syntax == CronSyntax.KUBERNETES ? "" : " (or 6 fields, seconds first)")
              + "; "
              + InvalidScheduleException.quote(text)
              + " is invalid: "
              + e.getMessage());
    }
    CronSpec spec = new CronSpec(expression, splitDayFields(cron, seconds));
    if (mayNeverFire(cron) && spec.nextFireAfter(ZonedDateTime.now(ZoneOffset.UTC)).isEmpty()) {
      throw new InvalidScheduleException(
          field,
          InvalidScheduleException.quote(text) + " never fires; expected a date that exists");
    }
    if (PARSED.size() >= PARSED_BOUND) {
      PARSED.clear();
    }
    PARSED.put(expression, spec);
    return spec;
  }

  /** Two specs are equal when they are written the same (cron-utils' crons have no equality). */
  @Override
  public boolean equals(Object other) {
    return other instanceof CronSpec spec && spec.expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }

  /**
   * The latest firing at or before {@code time}, in {@code time}'s zone: a firing at instant t has
   * happened at t.
   */
  public Optional<ZonedDateTime> lastFireAtOrBefore(ZonedDateTime time) {
    return parts.stream()
        .map(part -> WallClock.lastAtOrBefore(ExecutionTime.forCron(part), time))
        .flatMap(Optional::stream)
        .max(ZonedDateTime::compareTo);
  }

  /** The next firing strictly after {@code time}, in {@code time}'s zone. */
  public Optional<ZonedDateTime> nextFireAfter(ZonedDateTime time) {
    return parts.stream()
        .map(part -> WallClock.firstAfter(ExecutionTime.forCron(part), time))
        .flatMap(Optional::stream)
        .min(ZonedDateTime::compareTo);
  }

  private static List<Cron> splitDayFields(Cron cron, boolean seconds) {
    if (isUnrestricted(cron, CronFieldName.DAY_OF_MONTH)
        || isUnrestricted(cron, CronFieldName.DAY_OF_WEEK)) {
      return List.of(cron);
    }
    String[] fields = cron.asString().split(" ");
    int dayOfMonth = seconds ? 3 : 2;
    int dayOfWeek = seconds ? 5 : 4;
    CronParser parser = seconds ? SIX_FIELDS : FIVE_FIELDS;
    String[] onDayOfMonth = fields.clone();
    onDayOfMonth[dayOfWeek] = "?";
    String[] onDayOfWeek = fields.clone();
    onDayOfWeek[dayOfMonth] = "?";
    return List.of(
        parser.parse(String.join(" ", onDayOfMonth)), parser.parse(String.join(" ", onDayOfWeek)));
  }

  /**
   * Only a day of the month that none of the allowed months has ({@code 0 0 30 2 *}) never fires.
   * Finding a firing costs as much as the parse, which a daemon loading ten thousand distinct
   * expressions feels, so it is looked for only then.
   */
  private static boolean mayNeverFire(Cron cron) {
    return !isUnrestricted(cron, CronFieldName.DAY_OF_MONTH)
        && !isUnrestricted(cron, CronFieldName.MONTH);
  }

  private static boolean isUnrestricted(Cron cron, CronFieldName name) {
    var expression = cron.retrieve(name).getExpression();
    return expression instanceof Always || expression instanceof QuestionMark;
  }

  /**
   * Kubernetes' parser (robfig/cron's standard parser): day-of-week 0-6 with Sunday 0, names,
   * {@code ?} for a day field, and the macros. Strict ranges reject {@code 30-10}.
   */
  private static CronDefinition definition(boolean withSeconds) {
    CronDefinitionBuilder builder = CronDefinitionBuilder.defineCron();
    if (withSeconds) {
      builder = builder.withSeconds().withValidRange(0, 59).withStrictRange().and();
    }
    return builder
        .withMinutes()
        .withValidRange(0, 59)
        .withStrictRange()
        .and()
        .withHours()
        .withValidRange(0, 23)
        .withStrictRange()
        .and()
        .withDayOfMonth()
        .withValidRange(1, 31)
        .supportsQuestionMark()
        .withStrictRange()
        .and()
        .withMonth()
        .withValidRange(1, 12)
        .withStrictRange()
        .and()
        .withDayOfWeek()
        .withValidRange(0, 6)
        .withMondayDoWValue(1)
        .supportsQuestionMark()
        .withStrictRange()
        .and()
        .withSupportedNicknameYearly()
        .withSupportedNicknameAnnually()
        .withSupportedNicknameMonthly()
        .withSupportedNicknameWeekly()
        .withSupportedNicknameDaily()
        .withSupportedNicknameMidnight()
        .withSupportedNicknameHourly()
        .instance();
  }
}
