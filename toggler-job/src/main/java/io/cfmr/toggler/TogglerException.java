package io.cfmr.toggler;

import io.cfmr.cli.TogglerExitCodes;
import java.time.Duration;
import java.util.Optional;

/**
 * The one exception type the toggler raises on purpose. Its {@link Failure} decides the process
 * exit code (see the exit codes in docs/contract.md); its message is shown to the operator as is,
 * so it says what was wrong and what is expected, and never carries a password, secret or token.
 */
public final class TogglerException extends RuntimeException {

  /** What went wrong, in the terms of the documented exit codes. */
  public enum Failure {
    /** Usage or configuration error: missing or invalid credentials, bad GUID, bad cron. */
    USAGE(TogglerExitCodes.USAGE),
    /** The UAA rejected the credentials. */
    AUTHENTICATION(TogglerExitCodes.AUTHENTICATION),
    /** The app does not exist, or the credentials may not change it. */
    APP_ACCESS(TogglerExitCodes.APP_ACCESS),
    /** The Cloud Controller or UAA was unreachable or kept failing until the timeout. */
    UNAVAILABLE(TogglerExitCodes.UNAVAILABLE);

    private final int exitCode;

    Failure(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private final Failure failure;
  private final int attempts;
  private final Duration retryAfter;

  public TogglerException(Failure failure, String message) {
    this(failure, message, null, 0, null);
  }

  public TogglerException(Failure failure, String message, Throwable cause) {
    this(failure, message, cause, 0, null);
  }

  private TogglerException(
      Failure failure, String message, Throwable cause, int attempts, Duration retryAfter) {
    super(message, cause);
    this.failure = failure;
    this.attempts = attempts;
    this.retryAfter = retryAfter;
  }

  public Failure failure() {
    return failure;
  }

  /** How many times the Cloud Controller was tried before this failure; 0 if never. */
  public int attempts() {
    return attempts;
  }

  /** How long the Cloud Controller asked to wait before the next try ({@code Retry-After}). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The same failure, recording how many attempts were made. */
  public TogglerException withAttempts(int attempts) {
    return copy(attempts, retryAfter);
  }

  /** The same failure, recording the wait the Cloud Controller asked for. */
  public TogglerException withRetryAfter(Duration retryAfter) {
    return copy(attempts, retryAfter);
  }

  private TogglerException copy(int attempts, Duration retryAfter) {
    TogglerException copy =
        new TogglerException(failure, getMessage(), getCause(), attempts, retryAfter);
    copy.setStackTrace(getStackTrace());
    return copy;
  }

  public static TogglerException usage(String message) {
    return new TogglerException(Failure.USAGE, message);
  }
}
