package io.cfmr.daemon;

import io.cfmr.daemon.leader.LeaseTimings;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * The daemon's internal timings and sizes: no flags (docs/contract.md fixes the flags), but tests
 * and the benchmark shorten them.
 *
 * @param toggleTimeout the most one try of a toggle (a look, then an action if needed) may take; a
 *     failed try is retried by the toggle pool
 * @param pollInterval how often the schedules file is checked for changes
 * @param shutdownGrace how long queued and in-flight toggles may take to finish on shutdown
 * @param misfireThreshold how late a trigger may fire before it counts as missed (and reconciles)
 * @param quartzThreads Quartz's worker threads; a job only hands a firing over
 * @param lease the Lease timings under {@code --leader-election}
 * @param leaseName the Lease's name
 * @param identity this daemon's name in the Lease
 */
public record Tuning(
    Duration toggleTimeout,
    Duration pollInterval,
    Duration shutdownGrace,
    Duration misfireThreshold,
    int quartzThreads,
    LeaseTimings lease,
    String leaseName,
    String identity) {

  public static final String LEASE_NAME = "cfmr-scheduler-daemon";

  public Tuning {
    Objects.requireNonNull(toggleTimeout, "toggleTimeout");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(misfireThreshold, "misfireThreshold");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(leaseName, "leaseName");
    Objects.requireNonNull(identity, "identity");
    if (quartzThreads < 1) {
      throw new IllegalArgumentException("quartzThreads must be at least 1");
    }
  }

  /**
   * Production values. The shutdown grace stays below Kubernetes' default 30 s termination grace
   * period; the identity is the pod name ({@code HOSTNAME}) plus a random suffix, so that a
   * restarted pod does not mistake its predecessor's Lease for its own.
   */
  public static Tuning defaults(String hostname) {
    return new Tuning(
        Duration.ofSeconds(60),
        Duration.ofSeconds(1),
        Duration.ofSeconds(20),
        Duration.ofSeconds(5),
        10,
        LeaseTimings.DEFAULT,
        LEASE_NAME,
        hostname + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  public Tuning withLease(LeaseTimings timings, String newIdentity) {
    return new Tuning(
        toggleTimeout,
        pollInterval,
        shutdownGrace,
        misfireThreshold,
        quartzThreads,
        timings,
        leaseName,
        newIdentity);
  }
}
