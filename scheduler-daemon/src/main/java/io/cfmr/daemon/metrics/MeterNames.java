package io.cfmr.daemon.metrics;

/**
 * The meter names, in Micrometer's dotted form; the Prometheus names (docs/contract.md) follow from
 * them: {@code cfmr.toggles} is exposed as {@code cfmr_toggles_total}, a timer gains {@code
 * _seconds}.
 */
public final class MeterNames {

  /** {@code cfmr_toggles_total{action,outcome}}. */
  public static final String TOGGLES = "cfmr.toggles";

  /** {@code cfmr_toggle_duration_seconds{action,outcome}}: the Cloud Controller call. */
  public static final String TOGGLE_DURATION = "cfmr.toggle.duration";

  /** {@code cfmr_trigger_lag_seconds}: from the time a trigger names to its job running. */
  public static final String TRIGGER_LAG = "cfmr.trigger.lag";

  /** {@code cfmr_schedules{state}}: {@code active} or {@code suspended}. */
  public static final String SCHEDULES = "cfmr.schedules";

  /** {@code cfmr_leader}: 1 while this daemon fires. */
  public static final String LEADER = "cfmr.leader";

  /** {@code cfmr_uaa_token_requests_total}: tokens requested from the UAA. */
  public static final String TOKEN_REQUESTS = "cfmr.uaa.token.requests";

  /** {@code cfmr_toggle_retries_total{action}}: tries of a failed toggle after the first. */
  public static final String TOGGLE_RETRIES = "cfmr.toggle.retries";

  /** {@code cfmr_apps_diverged}: apps last seen out of their wanted state, not fixed since. */
  public static final String APPS_DIVERGED = "cfmr.apps.diverged";

  /** {@code cfmr_resync_duration_seconds}: one pass over every active schedule's app. */
  public static final String RESYNC_DURATION = "cfmr.resync.duration";

  public static final String ACTION = "action";
  public static final String OUTCOME = "outcome";
  public static final String STATE = "state";

  private MeterNames() {}
}
