package io.cfmr.daemon.toggle;

import io.cfmr.daemon.logging.AppMdc;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import io.cfmr.toggler.TogglerException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/** The one line each toggle writes, worded for a person watching a dry run scroll by. */
final class ToggleLog {

  private static final Logger LOG = LoggerFactory.getLogger("io.cfmr.daemon.toggle");

  private ToggleLog() {}

  static void done(ToggleRequest request, Toggled toggled, Duration duration) {
    write(
        request,
        toggled.outcome(),
        Level.INFO,
        line ->
            toggled
                .heldUntil()
                .map(until -> line.addKeyValue("held_until", until))
                .orElse(line)
                .addKeyValue("attempts", toggled.attempts())
                .addKeyValue("duration_ms", duration.toMillis()));
  }

  static void dryRun(ToggleRequest request) {
    write(request, ToggleOutcome.DRY_RUN, Level.INFO, UnaryOperator.identity());
  }

  /** A try failed and a newer wanted state (or shutdown) takes over: no retry. */
  static void failed(ToggleRequest request, Throwable error, Duration duration) {
    write(request, ToggleOutcome.FAILED, Level.WARN, failure(error, duration));
  }

  /**
   * A try failed and is retried: the first failure of a wanted state is a warning, the retries that
   * follow are debug lines (an outage would otherwise write a line per app per backoff).
   */
  static void retrying(
      ToggleRequest request, Throwable error, Duration duration, int failedTries, Duration delay) {
    write(
        request,
        ToggleOutcome.FAILED,
        failedTries == 1 ? Level.WARN : Level.DEBUG,
        line ->
            failure(error, duration)
                .apply(line)
                .addKeyValue("failed_tries", failedTries)
                .addKeyValue("retry_in_ms", delay.toMillis()));
  }

  /** Retrying cannot fix it: logged once per app (until its toggles succeed again). */
  static void failedForGood(
      ToggleRequest request, Throwable error, Duration duration, boolean firstTime) {
    write(
        request,
        ToggleOutcome.FAILED,
        firstTime ? Level.ERROR : Level.DEBUG,
        line -> failure(error, duration).apply(line).addKeyValue("retried", false));
  }

  private static UnaryOperator<LoggingEventBuilder> failure(Throwable error, Duration duration) {
    String reason =
        error instanceof TogglerException
            ? error.getMessage()
            : error.getClass().getSimpleName() + ": " + error.getMessage();
    return line -> {
      if (error instanceof TogglerException toggler) {
        line = line.addKeyValue("failure", toggler.failure());
      }
      return line.addKeyValue("duration_ms", duration.toMillis()).addKeyValue("reason", reason);
    };
  }

  static void dropped(ToggleRequest request) {
    try (var mdc = AppMdc.put(request.app())) {
      LOG.atWarn()
          .setMessage("shutting down: " + request.state().action() + " not done")
          .addKeyValue("action", request.state().action())
          .addKeyValue("cause", request.cause().label())
          .log();
    }
  }

  private static void write(
      ToggleRequest request,
      ToggleOutcome outcome,
      Level level,
      UnaryOperator<LoggingEventBuilder> details) {
    try (var mdc = AppMdc.put(request.app())) {
      details
          .apply(
              LOG.atLevel(level)
                  .setMessage(message(request.state(), outcome))
                  .addKeyValue("action", request.state().action())
                  .addKeyValue("outcome", outcome.label())
                  .addKeyValue("cause", request.cause().label()))
          .log();
    }
  }

  private static String message(AppState state, ToggleOutcome outcome) {
    String done = state == AppState.STARTED ? "started" : "stopped";
    return switch (outcome) {
      case CHANGED -> done;
      case ALREADY_IN_STATE -> "already " + done;
      case DRY_RUN -> "dry run: would " + state.action();
      case HELD -> "held: not " + done;
      case SUPERSEDED -> state.action() + " left to a newer firing";
      case FAILED -> state.action() + " failed";
    };
  }
}
