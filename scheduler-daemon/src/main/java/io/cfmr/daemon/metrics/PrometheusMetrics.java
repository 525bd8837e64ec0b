package io.cfmr.daemon.metrics;

import static io.cfmr.daemon.metrics.MeterNames.ACTION;
import static io.cfmr.daemon.metrics.MeterNames.OUTCOME;

import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link DaemonMetrics} as Micrometer meters, scraped in the Prometheus text format. */
public final class PrometheusMetrics implements DaemonMetrics {

  private static final Duration[] LAG_BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5)
  };
  private static final Duration[] TOGGLE_BUCKETS = {
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(60)
  };

  private static final Duration[] RESYNC_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(10),
    Duration.ofSeconds(60),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10)
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger suspended = new AtomicInteger();
  private final AtomicInteger leader = new AtomicInteger();
  private final AtomicInteger diverged = new AtomicInteger();
  private final Timer triggerLag;
  private final Counter tokenRequests;
  private final Timer resyncDuration;

  public PrometheusMetrics() {
    // Every action and outcome exists from the start, at zero, so that rates work from the first
    // scrape.
    for (AppState state : AppState.values()) {
      for (ToggleOutcome outcome : ToggleOutcome.values()) {
        toggles(state, outcome);
      }
    }
    triggerLag =
        Timer.builder(MeterNames.TRIGGER_LAG)
            .description("How late a trigger ran after the time its cron expression named")
            .serviceLevelObjectives(LAG_BUCKETS)
            .register(registry);
    schedulesGauge("active", active);
    schedulesGauge("suspended", suspended);
    tokenRequests =
        Counter.builder(MeterNames.TOKEN_REQUESTS)
            .description("Tokens requested from the UAA (one serves many toggles)")
            .register(registry);
    Gauge.builder(MeterNames.LEADER, leader, AtomicInteger::get)
        .description("1 while this daemon fires triggers, 0 while it stands by")
        .register(registry);
    for (AppState state : AppState.values()) {
      retries(state);
    }
    Gauge.builder(MeterNames.APPS_DIVERGED, diverged, AtomicInteger::get)
        .description("Apps last seen out of the state their schedule calls for, not fixed since")
        .register(registry);
    resyncDuration =
        Timer.builder(MeterNames.RESYNC_DURATION)
            .description("One resync pass: until every active schedule's app was looked at")
            .serviceLevelObjectives(RESYNC_BUCKETS)
            .register(registry);
  }

  @Override
  public void retried(AppState state) {
    retries(state).increment();
  }

  @Override
  public void diverged(int apps) {
    diverged.set(apps);
  }

  @Override
  public void resynced(Duration duration) {
    resyncDuration.record(duration);
  }

  @Override
  public void toggled(AppState state, ToggleOutcome outcome, Duration duration) {
    toggles(state, outcome).increment();
    if (!duration.isZero()) {
      Timer.builder(MeterNames.TOGGLE_DURATION)
          .description("How long one try of setting an app's state took")
          .tag(ACTION, state.action())
          .tag(OUTCOME, outcome.label())
          .serviceLevelObjectives(TOGGLE_BUCKETS)
          .register(registry)
          .record(duration);
    }
  }

  @Override
  public void tokenRequested() {
    tokenRequests.increment();
  }

  @Override
  public void triggerLag(Duration lag) {
    triggerLag.record(lag.isNegative() ? Duration.ZERO : lag);
  }

  @Override
  public void schedules(int activeCount, int suspendedCount) {
    active.set(activeCount);
    suspended.set(suspendedCount);
  }

  @Override
  public void leader(boolean leading) {
    leader.set(leading ? 1 : 0);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  private Counter retries(AppState state) {
    return Counter.builder(MeterNames.TOGGLE_RETRIES)
        .description("Tries of a failed toggle after its first")
        .tag(ACTION, state.action())
        .register(registry);
  }

  private Counter toggles(AppState state, ToggleOutcome outcome) {
    return Counter.builder(MeterNames.TOGGLES)
        .description("Toggles by action and outcome")
        .tag(ACTION, state.action())
        .tag(OUTCOME, outcome.label())
        .register(registry);
  }

  private void schedulesGauge(String state, AtomicInteger count) {
    Gauge.builder(MeterNames.SCHEDULES, count, AtomicInteger::get)
        .description("Schedules by state: active ones fire, suspended ones are kept but paused")
        .tag(MeterNames.STATE, state)
        .register(registry);
  }
}
