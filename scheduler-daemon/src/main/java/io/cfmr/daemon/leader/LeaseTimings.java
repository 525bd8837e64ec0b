package io.cfmr.daemon.leader;

import java.time.Duration;

/**
 * The Lease timings (those of Kubernetes' own controllers by default): a standby takes over at most
 * {@code leaseDuration} after the leader stops renewing, at once when it releases the Lease.
 */
public record LeaseTimings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

  public static final LeaseTimings DEFAULT =
      new LeaseTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

  public LeaseTimings {
    if (!(leaseDuration.compareTo(renewDeadline) > 0 && renewDeadline.compareTo(retryPeriod) > 0)) {
      throw new IllegalArgumentException(
          "expected leaseDuration > renewDeadline > retryPeriod, got "
              + leaseDuration
              + ", "
              + renewDeadline
              + ", "
              + retryPeriod);
    }
  }
}
