package io.cfmr.toggler;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What one run did: the one log line it writes and the exit code it ends with.
 *
 * @param state the state the run aimed for
 * @param failure why the run failed; decides the exit code
 */
public record RunReport(
    String command,
    AppGuid app,
    AppState state,
    Outcome outcome,
    int attempts,
    Duration duration,
    Optional<TogglerException> failure) {

  /** How a run ended. */
  public enum Outcome {
    CHANGED,
    ALREADY_IN_STATE,
    DRY_RUN,
    /** The schedule fired again while retrying; the newer firing's run took over. */
    SUPERSEDED,
    FAILED;

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The process exit code (docs/contract.md): 0 unless the run failed. */
  public int exitCode() {
    return failure.map(f -> f.failure().exitCode()).orElse(0);
  }

  /** Writes the run's one log line: INFO on success, ERROR with the reason on failure. */
  public void log(Logger logger) {
    LoggingEventBuilder line =
        logger
            .atLevel(failure.isPresent() ? Level.ERROR : Level.INFO)
            .setMessage(failure.isPresent() ? "toggle failed" : "toggle done")
            .addKeyValue("command", command)
            .addKeyValue("app_guid", app.value())
            .addKeyValue("action", state.action())
            .addKeyValue("outcome", outcome.label())
            .addKeyValue("attempts", attempts)
            .addKeyValue("duration_ms", duration.toMillis());
    failure.ifPresent(
        f -> line.addKeyValue("exit_code", exitCode()).addKeyValue("reason", f.getMessage()));
    line.log();
  }
}
