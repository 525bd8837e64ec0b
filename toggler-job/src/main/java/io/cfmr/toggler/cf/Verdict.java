package io.cfmr.toggler.cf;

import io.cfmr.toggler.TogglerException;
import java.util.Optional;

/**
 * What one failed try means: worth another try, or the end of the toggle.
 *
 * @param retryable true for outages (connection errors, 5xx, 429): retried until the timeout
 * @param failure the exit-code class if the toggle ends with this failure
 * @param message operator-facing text, built here and never copied from a response body
 * @param cause a network-level exception safe to chain (it carries no HTTP body), if any
 */
record Verdict(
    boolean retryable,
    TogglerException.Failure failure,
    String message,
    Optional<Throwable> cause) {

  static Verdict retry(String message, Optional<Throwable> cause) {
    return new Verdict(true, TogglerException.Failure.UNAVAILABLE, message, cause);
  }

  static Verdict fail(TogglerException.Failure failure, String message) {
    return new Verdict(false, failure, message, Optional.empty());
  }

  static Verdict fail(TogglerException.Failure failure, String message, Optional<Throwable> cause) {
    return new Verdict(false, failure, message, cause);
  }

  TogglerException toException() {
    return toException(message);
  }

  TogglerException toException(String text) {
    return cause
        .map(c -> new TogglerException(failure, text, c))
        .orElseGet(() -> new TogglerException(failure, text));
  }
}
