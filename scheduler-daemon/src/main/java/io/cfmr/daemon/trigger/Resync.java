package io.cfmr.daemon.trigger;

import io.cfmr.daemon.metrics.Condition;
import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.daemon.toggle.ToggleDispatcher;
import io.cfmr.schedule.AppGuid;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every interval, a pass over every active schedule's app ({@link ScheduleRunner#resync()}): what
 * drifted (started or stopped by hand, a toggle lost) is set back. A pass is timed from its start
 * until every look it asked for was made; the next pass starts one interval after that.
 */
public final class Resync implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("io.cfmr.daemon.schedule");

  private final ScheduleRunner runner;
  private final ToggleDispatcher toggles;
  private final Duration interval;
  private final DaemonMetrics metrics;
  private final Condition health;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "cfmr-resync");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param health told it is fatal when a pass throws an {@link Error}
   */
  public Resync(
      ScheduleRunner runner,
      ToggleDispatcher toggles,
      Duration interval,
      DaemonMetrics metrics,
      Condition health) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.runner = runner;
    this.toggles = toggles;
    this.interval = interval;
    this.metrics = metrics;
    this.health = health;
  }

  public void start() {
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(this::passQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * One pass; returns once every app it looked at was looked at (or after one interval).
   *
   * @return the apps looked at
   */
  public Set<AppGuid> pass() throws InterruptedException {
    long started = System.nanoTime();
    Set<AppGuid> apps = runner.resync();
    if (apps.isEmpty()) {
      return apps;
    }
    try {
      toggles.settled(apps).get(interval.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.atWarn()
          .setMessage("resync pass not done within one interval")
          .addKeyValue("apps", apps.size())
          .log();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    metrics.resynced(took);
    LOG.atDebug()
        .setMessage("resync pass done")
        .addKeyValue("apps", apps.size())
        .addKeyValue("duration_ms", took.toMillis())
        .log();
    return apps;
  }

  /**
   * A failed pass must not end the periodic task: the executor would stop scheduling it, silently.
   * An exception is logged and the next pass comes; after an {@link Error} the daemon stops.
   */
  private void passQuietly() {
    try {
      pass();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.atError().setMessage("resync pass failed").setCause(e).log();
    } catch (Error e) {
      health.fatal("resync pass failed: " + e, e);
      throw e;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
