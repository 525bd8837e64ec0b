package io.cfmr.schedule;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The local dates on which a schedule's start firings do not happen (its stop firings do): public
 * holidays and dates given one by one.
 *
 * @param holidays the public holidays to skip, if any
 * @param dates further dates to skip, at most {@value #MAX_DATES}
 */
public record StartSkips(Optional<PublicHolidays> holidays, SortedSet<LocalDate> dates) {

  public static final int MAX_DATES = 366;

  /** Skips nothing. */
  public static final StartSkips NONE = new StartSkips(Optional.empty(), new TreeSet<>());

  public StartSkips {
    if (dates.size() > MAX_DATES) {
      throw new InvalidScheduleException(
          ScheduleJson.SKIP_DATES, "has " + dates.size() + " dates; expected at most " + MAX_DATES);
    }
    dates = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(dates));
  }

  /** True when start firings on {@code date} (the schedule's local date) do not happen. */
  public boolean skips(LocalDate date) {
    return dates.contains(date) || holidays.map(h -> h.isHoliday(date)).orElse(false);
  }

  public boolean isEmpty() {
    return holidays.isEmpty() && dates.isEmpty();
  }

  /** Parses one local date, {@code 2026-12-24}. */
  public static LocalDate date(String text) {
    try {
      return LocalDate.parse(text == null ? "" : text.trim());
    } catch (DateTimeParseException e) {
      throw new InvalidScheduleException(
          ScheduleJson.SKIP_DATES,
          "expected local dates as YYYY-MM-DD such as '2026-12-24' or '2026-12-31', got "
              + InvalidScheduleException.quote(text));
    }
  }
}
