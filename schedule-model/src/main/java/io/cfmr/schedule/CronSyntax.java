package io.cfmr.schedule;

/** Which cron dialect a schedule is written in. */
public enum CronSyntax {
  /**
   * Kubernetes CronJob syntax: 5 fields (minute hour day-of-month month day-of-week), lists, ranges,
   * steps such as {@code 1/2}, month and day names, and the macros {@code @hourly} ... {@code
   * @yearly}. What the broker accepts, because it becomes a CronJob's {@code spec.schedule}.
   */
  KUBERNETES,
  /** The daemon's syntax: Kubernetes syntax, or 6 fields with seconds first. */
  KUBERNETES_OR_SECONDS
}
