package io.cfmr.schedule;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads and writes the one schedule JSON shape:
 *
 * <pre>{@code
 * { "app-guid": "cb203632-efaf-47f1-ae65-68b856a28c6f",
 *   "cron": { "start": "*}{@code /2 * * * *", "stop": "1/2 * * * *", "suspend": false,
 *             "timezone": "Europe/Berlin", "dry-run": false,
 *             "holidays": "DE-BY", "skip-dates": ["2026-12-24", "2026-12-31"] } }
 * }</pre>
 *
 * or, in daemon mode, {@code "chaos": {"uptime-percent": 50, "period": "10m", "seed": 42}} in place
 * of {@code start} and {@code stop}.
 *
 * <p>Unknown keys, wrong types, bad cron, bad zones and bad GUIDs are rejected with an {@link
 * InvalidScheduleException} naming the field.
 */
public final class ScheduleJson {

  public static final String APP_GUID = "app-guid";
  public static final String CRON = "cron";
  public static final String HOLIDAYS = "cron.holidays";
  public static final String SKIP_DATES = "cron.skip-dates";
  public static final String CHAOS = "cron.chaos";
  private static final Set<String> TOP_LEVEL_KEYS = Set.of(APP_GUID, CRON);
  private static final Set<String> CRON_KEYS =
      Set.of("start", "stop", "suspend", "timezone", "dry-run", "holidays", "skip-dates", "chaos");
  private static final Set<String> CHAOS_KEYS = Set.of("uptime-percent", "period", "seed");

  /**
   * The region names the JVM knows, read once: {@link ZoneId#getAvailableZoneIds} copies all ~600
   * of them on every call, which was half the cost of reading a schedule.
   */
  private static final Set<String> ZONE_NAMES = Set.copyOf(ZoneId.getAvailableZoneIds());

  /** Reads schedule JSON text with {@link #strict} rules. */
  public static final ObjectMapper MAPPER = strict(JsonMapper.builder());

  private ScheduleJson() {}

  /**
   * The rules every reader of schedules applies, whatever the format (JSON, YAML, an OSB request
   * body): a key given twice is refused, as which of the two values was meant is anyone's guess.
   */
  public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> M strict(B builder) {
    return builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  }

  /**
   * Reads one schedule from JSON text, as a daemon ConfigMap holds it.
   *
   * @param field what the text is, for messages about the text as a whole (e.g. {@code
   *     schedule.json})
   * @throws InvalidScheduleException when the text is not JSON (naming {@code field}), gives a key
   *     twice (naming that key) or is not a valid schedule
   */
  public static Schedule read(String field, String json, CronSyntax syntax) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (StreamReadException e) {
      throw duplicateKey(e).orElseGet(() -> notJson(field, e));
    } catch (JsonProcessingException e) {
      throw notJson(field, e);
    }
    return parse(tree, syntax, Optional.empty());
  }

  /**
   * Parses one schedule.
   *
   * @param boundApp the app a bind request is for, used when {@code app-guid} is left out; if both
   *     are given they must be equal. Empty outside the broker.
   * @throws InvalidScheduleException naming the field, and {@linkplain
   *     InvalidScheduleException#app() the app} when the schedule names one
   */
  public static Schedule parse(JsonNode json, CronSyntax syntax, Optional<AppGuid> boundApp) {
    try {
      return parseFields(json, syntax, boundApp);
    } catch (InvalidScheduleException e) {
      throw namedApp(json).map(e::about).orElse(e);
    }
  }

  /**
   * The key a strict parser found twice, as a field of the schedule shape ({@code cron.start}).
   * Jackson 2 has no exception type of its own for a duplicate key, hence the look at the message.
   */
  private static Optional<InvalidScheduleException> duplicateKey(StreamReadException e) {
    JsonParser parser = e.getProcessor();
    if (parser == null
        || parser.getParsingContext() == null
        || !e.getOriginalMessage().startsWith("Duplicate field")) {
      return Optional.empty();
    }
    String path = parser.getParsingContext().pathAsPointer().toString();
    return Optional.of(
        new InvalidScheduleException(
            path.substring(1).replace('/', '.'), "appears more than once; give each key once", e));
  }

  private static InvalidScheduleException notJson(String field, JsonProcessingException e) {
    return new InvalidScheduleException(field, "not valid JSON: " + e.getOriginalMessage(), e);
  }

  /** The app a schedule names, if its {@code app-guid} is a GUID, whatever else is wrong. */
  private static Optional<AppGuid> namedApp(JsonNode json) {
    JsonNode guid = json == null ? null : json.get(APP_GUID);
    if (guid == null || !guid.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(AppGuid.parse(APP_GUID, guid.textValue()));
    } catch (InvalidScheduleException e) {
      return Optional.empty();
    }
  }

  private static Schedule parseFields(
      JsonNode json, CronSyntax syntax, Optional<AppGuid> boundApp) {
    requireObject(json, "schedule");
    rejectUnknownKeys(json, TOP_LEVEL_KEYS, "");
    AppGuid app = appGuid(json, boundApp);
    JsonNode cron = json.get(CRON);
    if (cron == null || cron.isNull()) {
      throw new InvalidScheduleException(
          CRON, "is required: an object with 'start' and/or 'stop' cron expressions");
    }
    requireObject(cron, CRON);
    rejectUnknownKeys(cron, CRON_KEYS, "cron.");
    return new Schedule(
        app,
        optionalText(cron, "start", "cron.start")
            .map(text -> CronSpec.parse("cron.start", text, syntax)),
        optionalText(cron, "stop", "cron.stop")
            .map(text -> CronSpec.parse("cron.stop", text, syntax)),
        flag(cron, "suspend"),
        optionalText(cron, "timezone", "cron.timezone")
            .map(name -> zone("cron.timezone", name))
            .orElse(Schedule.DEFAULT_TIMEZONE),
        flag(cron, "dry-run"),
        new StartSkips(
            optionalText(cron, "holidays", HOLIDAYS).map(PublicHolidays::parse),
            skipDates(cron.get("skip-dates"))),
        chaos(cron.get("chaos"), syntax));
  }

  /** The schedule in its JSON shape, every field written out. */
  public static ObjectNode toJson(Schedule schedule) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put(APP_GUID, schedule.appGuid().value());
    ObjectNode cron = json.putObject(CRON);
    schedule.start().ifPresent(c -> cron.put("start", c.expression()));
    schedule.stop().ifPresent(c -> cron.put("stop", c.expression()));
    cron.put("suspend", schedule.suspend());
    cron.put("timezone", schedule.timezone().getId());
    cron.put("dry-run", schedule.dryRun());
    schedule.skips().holidays().ifPresent(h -> cron.put("holidays", h.code()));
    if (!schedule.skips().dates().isEmpty()) {
      var dates = cron.putArray("skip-dates");
      schedule.skips().dates().forEach(date -> dates.add(date.toString()));
    }
    schedule
        .chaos()
        .ifPresent(
            chaos ->
                cron.putObject("chaos")
                    .put("uptime-percent", chaos.uptimePercent())
                    .put("period", chaos.period().getSeconds() + "s")
                    .put("seed", chaos.seed()));
    return json;
  }

  private static SortedSet<LocalDate> skipDates(JsonNode node) {
    SortedSet<LocalDate> dates = new TreeSet<>();
    if (node == null || node.isNull()) {
      return dates;
    }
    if (!node.isArray()) {
      throw new InvalidScheduleException(
          SKIP_DATES, "expected an array of dates such as [\"2026-12-24\", \"2026-12-31\"]");
    }
    for (JsonNode date : node) {
      if (!date.isTextual()) {
        throw new InvalidScheduleException(
            SKIP_DATES, "expected dates as strings such as \"2026-12-24\", got " + date);
      }
      dates.add(StartSkips.date(date.asText()));
    }
    return dates;
  }

  private static Optional<Chaos> chaos(JsonNode node, CronSyntax syntax) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (syntax == CronSyntax.KUBERNETES) {
      throw new InvalidScheduleException(
          CHAOS,
          "is only for the daemon: a CronJob fires at cron instants, chaos flips at computed ones;"
              + " bind with a daemon-mode plan, or write the outages as cron.start/cron.stop");
    }
    requireObject(node, CHAOS);
    rejectUnknownKeys(node, CHAOS_KEYS, CHAOS + ".");
    JsonNode uptime = node.get("uptime-percent");
    if (uptime == null || !uptime.canConvertToInt() || !uptime.isIntegralNumber()) {
      throw new InvalidScheduleException(
          CHAOS + ".uptime-percent", "expected a whole number from 1 to 99 such as 50");
    }
    JsonNode seed = node.get("seed");
    if (seed == null || !seed.isIntegralNumber() || !seed.canConvertToLong()) {
      throw new InvalidScheduleException(
          CHAOS + ".seed", "expected a whole number such as 42 (the same seed, the same outages)");
    }
    String period =
        optionalText(node, "period", CHAOS + ".period")
            .orElseThrow(
                () ->
                    new InvalidScheduleException(
                        CHAOS + ".period", "is required, such as '10m' (at least '10s')"));
    return Optional.of(new Chaos(uptime.intValue(), Chaos.period(period), seed.longValue()));
  }

  /**
   * Parses an IANA zone name such as {@code Europe/Berlin}; offsets like {@code +01:00} are not.
   */
  public static ZoneId zone(String field, String name) {
    if (!ZONE_NAMES.contains(name)) {
      throw new InvalidScheduleException(
          field,
          "expected an IANA time zone name such as 'Europe/Berlin' or 'UTC', got "
              + InvalidScheduleException.quote(name));
    }
    return ZoneId.of(name);
  }

  private static AppGuid appGuid(JsonNode json, Optional<AppGuid> boundApp) {
    Optional<AppGuid> given =
        optionalText(json, APP_GUID, APP_GUID).map(text -> AppGuid.parse(APP_GUID, text));
    if (given.isPresent() && boundApp.isPresent() && !given.equals(boundApp)) {
      throw new InvalidScheduleException(
          APP_GUID,
          "is "
              + given.get()
              + " but the binding is for app "
              + boundApp.get()
              + "; leave app-guid out or give the bound app's GUID");
    }
    return given
        .or(() -> boundApp)
        .orElseThrow(
            () ->
                new InvalidScheduleException(
                    APP_GUID, "is required: the GUID of the app to toggle"));
  }

  private static Optional<String> optionalText(JsonNode parent, String key, String field) {
    JsonNode node = parent.get(key);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw new InvalidScheduleException(field, "expected a string");
    }
    return Optional.of(node.asText());
  }

  private static boolean flag(JsonNode cron, String key) {
    JsonNode node = cron.get(key);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new InvalidScheduleException("cron." + key, "expected true or false");
    }
    return node.booleanValue();
  }

  private static void requireObject(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      throw new InvalidScheduleException(field, "expected a JSON object");
    }
  }

  private static void rejectUnknownKeys(JsonNode node, Set<String> known, String prefix) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new InvalidScheduleException(
            prefix + InvalidScheduleException.quote(name).replace("'", ""),
            "unknown key; expected one of " + known.stream().sorted().toList());
      }
    }
  }
}
