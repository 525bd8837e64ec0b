package io.cfmr.toggler.cf;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Backoff between tries of a toggle: exponential from {@code firstBackoff}, capped at {@code
 * maxBackoff}, each delay moved randomly by up to {@code jitter} of itself so that many CronJobs
 * hitting a recovering Cloud Controller do not retry in lockstep. The overall bound is the toggle's
 * timeout, not a number of tries.
 */
public record RetryPolicy(Duration firstBackoff, Duration maxBackoff, double jitter) {

  public RetryPolicy {
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("expected 0 <= firstBackoff <= maxBackoff");
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("expected a jitter between 0 and 1, got " + jitter);
    }
  }

  /** Half a second, doubling up to 10 s, give or take half. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(10), 0.5);
  }

  /** The delay before retry number {@code retry} (0 for the first retry). */
  public Duration backoff(long retry) {
    long first = Math.max(1, firstBackoff.toMillis());
    // Shifting past 2^30 only overflows; the cap is reached long before.
    long exponential = first << Math.min(retry, 30);
    long capped = Math.min(exponential, maxBackoff.toMillis());
    double spread = capped * jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
    return Duration.ofMillis(Math.max(0, Math.round(capped + spread)));
  }
}
