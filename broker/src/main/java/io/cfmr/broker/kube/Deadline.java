package io.cfmr.broker.kube;

import java.time.Duration;

/**
 * The moment one OSB request must stop writing. Kept on the monotonic clock; {@link #epochMillis}
 * converts it for other replicas reading a record's deadline (their clocks may differ a little:
 * docs/broker-consistency.md).
 */
public record Deadline(long atNanos) {

  public static Deadline in(Duration duration) {
    return new Deadline(System.nanoTime() + duration.toNanos());
  }

  public Duration remaining() {
    return Duration.ofNanos(atNanos - System.nanoTime());
  }

  public Deadline plus(Duration more) {
    return new Deadline(atNanos + more.toNanos());
  }

  /** The same moment on the wall clock, for storing in a record. */
  public long epochMillis() {
    return System.currentTimeMillis() + remaining().toMillis();
  }
}
