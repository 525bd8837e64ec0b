package io.cfmr.schedule;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.LocalDate;
import java.time.Year;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public holidays of a country or one of its subdivisions, as Jollyday knows them.
 *
 * @param code an ISO 3166 country code, optionally with its subdivision: {@code DE}, {@code DE-BY},
 *     {@code US-NY}, {@code GB-SCT}
 */
public record PublicHolidays(String code) {

  private static final String EXAMPLES = "such as 'DE', 'DE-BY', 'US-NY' or 'GB'";
  private static final Pattern CODE = Pattern.compile("([A-Z]{2})(?:-([A-Z0-9]{1,3}))?");

  // Reading a country's rules takes a few hundred milliseconds the first time; a daemon holding
  // ten thousand schedules asks for the same few countries and years over and over.
  private static final Map<String, HolidayManager> MANAGERS = new ConcurrentHashMap<>();
  private static final Map<String, Set<LocalDate>> DATES = new ConcurrentHashMap<>();

  public PublicHolidays {
    Matcher parts = CODE.matcher(code == null ? "" : code);
    if (!parts.matches()) {
      throw invalid(code, "expected an ISO 3166 country code, optionally with a subdivision,");
    }
    String country = parts.group(1);
    if (!HolidayManager.getSupportedCalendarCodes().contains(country)) {
      throw invalid(code, "has no holiday calendar for country " + country + "; expected one");
    }
    String subdivision = parts.group(2);
    if (subdivision != null) {
      Set<String> known = manager(country).getCalendarHierarchy().getChildren().keySet();
      if (!known.contains(subdivision.toLowerCase(Locale.ROOT))) {
        throw new InvalidScheduleException(
            ScheduleJson.HOLIDAYS,
            InvalidScheduleException.quote(code)
                + " names no subdivision of "
                + country
                + " that has its own holidays; expected "
                + country
                + " or one of "
                + known.stream()
                    .map(s -> country + "-" + s.toUpperCase(Locale.ROOT))
                    .sorted()
                    .toList());
      }
    }
  }

  /** Parses a code in any case ({@code de-by} is {@code DE-BY}). */
  public static PublicHolidays parse(String code) {
    return new PublicHolidays(code == null ? null : code.trim().toUpperCase(Locale.ROOT));
  }

  /** True when {@code date} is a public holiday, on its own date or on the date it is observed. */
  public boolean isHoliday(LocalDate date) {
    return DATES
        .computeIfAbsent(code + "/" + date.getYear(), key -> load(date.getYear()))
        .contains(date);
  }

  private Set<LocalDate> load(int year) {
    String[] parts = code.split("-");
    String[] subdivision =
        Stream.of(parts).skip(1).map(s -> s.toLowerCase(Locale.ROOT)).toArray(String[]::new);
    return manager(parts[0])
        .getHolidays(Year.of(year), HolidayType.PUBLIC_HOLIDAY, subdivision)
        .stream()
        .flatMap(PublicHolidays::dates)
        .collect(Collectors.toUnmodifiableSet());
  }

  private static Stream<LocalDate> dates(Holiday holiday) {
    return Stream.concat(Stream.of(holiday.getDate()), holiday.getObservedDate().stream());
  }

  private static HolidayManager manager(String country) {
    return MANAGERS.computeIfAbsent(
        country, c -> HolidayManager.getInstance(ManagerParameters.create(c)));
  }

  private static InvalidScheduleException invalid(String code, String expected) {
    return new InvalidScheduleException(
        ScheduleJson.HOLIDAYS,
        expected + " " + EXAMPLES + ", got " + InvalidScheduleException.quote(code));
  }

  /** The code as written in the schedule JSON and the toggler's {@code --holidays}. */
  @Override
  public String toString() {
    return code;
  }
}
