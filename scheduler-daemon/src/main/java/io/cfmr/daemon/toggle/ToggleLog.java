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

  static void failed(ToggleRequest request, Throwable error, Duration duration) {
    String reason =
        error instanceof TogglerException
            ? error.getMessage()
            : error.getClass().getSimpleName() + ": " + error.getMessage();
    write(
        request,
        ToggleOutcome.FAILED,
        Level.ERROR,
        line -> {
          if (error instanceof TogglerException toggler) {
            line = line.addKeyValue("failure", toggler.failure());
          }
          return line.addKeyValue("duration_ms", duration.toMillis()).addKeyValue("reason", reason);
        });
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
      case FAILED -> state.action() + " failed";
    };
  }
}
