package io.cfmr.daemon;

import io.cfmr.toggler.cf.RetryPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * How hard the daemon works to keep every app in the state its schedule calls for.
 *
 * @param retryMaxBackoff {@code --retry-max-backoff}: the longest wait between two tries of a
 *     failed toggle (backoff starts at about a second and doubles up to it)
 * @param maxTogglesPerSecond {@code --max-toggles-per-second}: toggle tries started per second
 *     across the pool, evenly spaced; 0 for no bound
 * @param resyncInterval {@code --resync-interval}: how often every active schedule's app is looked
 *     at again and set to its wanted state if it drifted; zero turns it off
 */
public record Convergence(
    Duration retryMaxBackoff, int maxTogglesPerSecond, Duration resyncInterval) {

  public static final String DEFAULT_RETRY_MAX_BACKOFF = "5m";
  public static final int DEFAULT_MAX_TOGGLES_PER_SECOND = 20;
  public static final String DEFAULT_RESYNC_INTERVAL = "10m";

  public static final Convergence DEFAULT =
      new Convergence(
          Duration.ofMinutes(5), DEFAULT_MAX_TOGGLES_PER_SECOND, Duration.ofMinutes(10));

  /** The first wait after a failed try (or the maximum, if shorter); it doubles from there. */
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  /** Half of each wait is random, so that many apps failing together do not retry together. */
  private static final double JITTER = 0.5;

  public Convergence {
    Objects.requireNonNull(retryMaxBackoff, "retryMaxBackoff");
    Objects.requireNonNull(resyncInterval, "resyncInterval");
    if (retryMaxBackoff.isZero() || retryMaxBackoff.isNegative()) {
      throw new IllegalArgumentException(
          "--retry-max-backoff must be a positive duration such as 30s or 5m, got "
              + retryMaxBackoff);
    }
    if (maxTogglesPerSecond < 0) {
      throw new IllegalArgumentException(
          "--max-toggles-per-second must be 0 (no bound) or more, got " + maxTogglesPerSecond);
    }
    if (resyncInterval.isNegative()) {
      throw new IllegalArgumentException(
          "--resync-interval must be 0 (off) or a positive duration, got " + resyncInterval);
    }
  }

  public boolean resyncs() {
    return !resyncInterval.isZero();
  }

  /** The backoff between tries of a failed toggle. */
  public RetryPolicy retryPolicy() {
    Duration first = FIRST_BACKOFF.compareTo(retryMaxBackoff) < 0 ? FIRST_BACKOFF : retryMaxBackoff;
    return new RetryPolicy(first, retryMaxBackoff, JITTER);
  }
}
