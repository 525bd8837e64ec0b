package io.cfmr.toggler.cf;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;

/**
 * Carries a 429's {@code Retry-After} from the HTTP layer to the retry loop. cf-java-client's
 * exceptions keep the status but drop the headers, so a reactor-netty response hook records the
 * header into the hint that the toggle put into the Reactor context; with one hint per toggle,
 * concurrent toggles sharing one connection never see each other's hints. The hook also reports
 * every such delay to the client's {@link ClientEvents}, for a caller that paces all its toggles.
 */
final class RetryAfterHint {

  private volatile Duration retryAfter;

  /** Installs the response hook on the HTTP client all Cloud Controller and UAA calls use. */
  static HttpClient recordInto(HttpClient client, ClientEvents events) {
    return client.doOnResponse((response, connection) -> record(response, events));
  }

  private static void record(HttpClientResponse response, ClientEvents events) {
    int status = response.status().code();
    if (status != 429 && status != 503) {
      return;
    }
    parse(response.responseHeaders().get("Retry-After"), Instant.now())
        .ifPresent(
            delay -> {
              events.retryAfter(delay);
              response
                  .currentContextView()
                  .<RetryAfterHint>getOrEmpty(RetryAfterHint.class)
                  .ifPresent(hint -> hint.retryAfter = delay);
            });
  }

  /** Seconds or an HTTP date, as RFC 9110 allows; anything else is ignored. */
  static Optional<Duration> parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration delay = Duration.between(now, at);
        return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  /** The delay the server asked for since the last {@link #clear()}, if any. */
  Optional<Duration> take() {
    Duration value = retryAfter;
    retryAfter = null;
    return Optional.ofNullable(value);
  }

  void clear() {
    retryAfter = null;
  }
}
