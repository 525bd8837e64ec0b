package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppGuid;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hold set with the plain {@code cf} CLI: {@code cf set-label app NAME
 * cfmr.io/hold-until=20261130T2200Z}. Until that instant (UTC) no toggle of ours changes the app. A
 * label value can hold no colon, hence the compact form.
 */
public final class Hold {

  /** The app label that holds an app. */
  public static final String LABEL = "cfmr.io/hold-until";

  private static final Logger LOG = LoggerFactory.getLogger("io.cfmr.toggler.hold");
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmm'Z'").withResolverStyle(ResolverStyle.STRICT);

  private Hold() {}

  /**
   * The end of the app's hold, if its labels hold it at {@code now}. A value that is not {@code
   * YYYYMMDDTHHMMZ} holds nothing: it is logged as a warning naming the app and the value.
   */
  static Optional<Instant> activeUntil(AppGuid app, Map<String, String> labels, Instant now) {
    String value = labels == null ? null : labels.get(LABEL);
    if (value == null) {
      return Optional.empty();
    }
    try {
      Instant until = LocalDateTime.parse(value, FORMAT).toInstant(ZoneOffset.UTC);
      return until.isAfter(now) ? Optional.of(until) : Optional.empty();
    } catch (DateTimeParseException e) {
      LOG.atWarn()
          .setMessage("hold label ignored: expected YYYYMMDDTHHMMZ in UTC such as 20261130T2200Z")
          .addKeyValue("app_guid", app.value())
          .addKeyValue("label", LABEL)
          .addKeyValue("value", value)
          .log();
      return Optional.empty();
    }
  }
}
