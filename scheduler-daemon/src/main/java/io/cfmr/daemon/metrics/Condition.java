package io.cfmr.daemon.metrics;

/**
 * How one part the daemon depends on (the schedule source, leader election) reports whether it
 * works. Readiness holds only while every part is ok.
 */
public interface Condition {

  /** Works (again). */
  void ok();

  /** Does not work now but may recover in place: the daemon is unready meanwhile. */
  void failing(String reason);

  /**
   * Cannot recover in place: the daemon stops and exits non-zero, so that Kubernetes restarts it.
   */
  void fatal(String reason, Throwable cause);
}
