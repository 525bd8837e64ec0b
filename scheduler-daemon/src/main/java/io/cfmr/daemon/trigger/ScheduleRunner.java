package io.cfmr.daemon.trigger;

import io.cfmr.daemon.logging.AppMdc;
import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.daemon.schedule.ScheduleSink;
import io.cfmr.daemon.toggle.Cause;
import io.cfmr.daemon.toggle.ToggleDispatcher;
import io.cfmr.daemon.toggle.ToggleRequest;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.schedule.CronSpec;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.Schedule.Firing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the schedules, their triggers and the toggles they lead to in step.
 *
 * <p>Every firing, and every schedule that is added, changed or resumed, is decided by the same
 * reconcile rule ({@link Schedule#lastFiringAtOrBefore}), and each toggle carries the firing it
 * stands for, so that the dispatcher lets the later firing win: a late trigger, a misfire or two
 * triggers of one app that fire together can never leave the app in a state its schedule no longer
 * calls for. Only while {@linkplain #activate() active} (the leader) does it fire or reconcile;
 * inactive, it keeps the triggers in place, ready to take over.
 */
public final class ScheduleRunner implements ScheduleSink, FiringHandler, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("io.cfmr.daemon.schedule");

  private final Clock clock;
  private final boolean globalDryRun;
  private final ToggleDispatcher toggles;
  private final DaemonMetrics metrics;
  private final QuartzTriggers triggers;
  private final Map<AppGuid, Schedule> schedules = new ConcurrentHashMap<>();
  private final LastFirings lastFirings = new LastFirings();
  private final ExecutorService firings =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "cfmr-firings");
            thread.setDaemon(true);
            return thread;
          });
  private int suspended;
  private volatile boolean active;

  /**
   * @param triggers makes the Quartz triggers that report to this runner
   */
  public ScheduleRunner(
      Clock clock,
      boolean globalDryRun,
      ToggleDispatcher toggles,
      DaemonMetrics metrics,
      Function<FiringHandler, QuartzTriggers> triggers) {
    this.clock = clock;
    this.globalDryRun = globalDryRun;
    this.toggles = toggles;
    this.metrics = metrics;
    this.triggers = triggers.apply(this);
    toggles.onHeld(this.triggers::holdEndsAt);
    metrics.schedules(0, 0);
    metrics.leader(false);
  }

  @Override
  public void put(Schedule schedule) {
    putAll(List.of(schedule));
  }

  /**
   * Puts many schedules at once (a file loaded or reloaded): their triggers are installed together
   * and their reconciles worked out on all cores.
   */
  @Override
  public synchronized void putAll(Collection<Schedule> batch) {
    List<Schedule> changed = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    for (Schedule schedule : batch) {
      Schedule old = schedules.put(schedule.appGuid(), schedule);
      if (!schedule.equals(old)) {
        changed.add(schedule);
        messages.add(old == null ? "schedule added" : "schedule changed");
        suspended += (schedule.suspend() ? 1 : 0) - (old != null && old.suspend() ? 1 : 0);
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    triggers.installAll(changed);
    for (int i = 0; i < changed.size(); i++) {
      logSchedule(messages.get(i), changed.get(i)); // once its triggers are in place
      toggles.forget(changed.get(i).appGuid());
    }
    countSchedules();
    if (active) {
      reconcileAll(changed);
    }
  }

  @Override
  public synchronized void remove(AppGuid app) {
    Schedule old = schedules.remove(app);
    if (old == null) {
      return;
    }
    triggers.remove(app);
    toggles.forget(app);
    suspended -= old.suspend() ? 1 : 0;
    countSchedules();
    try (var mdc = AppMdc.put(app)) {
      LOG.info("schedule removed");
    }
  }

  /** Becomes the one that fires: first sets every app to its wanted state, then fires. */
  public synchronized void activate() {
    active = true;
    metrics.leader(true);
    reconcileAll(schedules.values());
    triggers.start();
  }

  /** Reconciles the apps of the schedules that are not suspended. */
  private void reconcileAll(Collection<Schedule> all) {
    Instant now = clock.instant();
    List<Schedule> unsuspended = all.stream().filter(schedule -> !schedule.suspend()).toList();
    // On all cores: ten thousand distinct expressions take cron-utils about a second on one.
    List<Optional<Firing>> wanted =
        unsuspended.parallelStream().map(schedule -> lastFirings.of(schedule, now)).toList();
    for (int i = 0; i < unsuspended.size(); i++) {
      reconcile(unsuspended.get(i), wanted.get(i), Cause.RECONCILE);
    }
  }

  /** Stops firing; keeps the schedules and triggers. */
  public synchronized void deactivate() {
    active = false;
    triggers.standby();
    metrics.leader(false);
  }

  public boolean isActive() {
    return active;
  }

  /** The app's current schedule. */
  public Optional<Schedule> schedule(AppGuid app) {
    return Optional.ofNullable(schedules.get(app));
  }

  /** The Quartz side, for tests and diagnostics. */
  public QuartzTriggers triggers() {
    return triggers;
  }

  /**
   * A trigger fired: its own firing is what it asks for, even when late. A later firing of the same
   * app has its own trigger, which fires too or is reported as missed (and reconciles), and the
   * dispatcher lets the later firing win, and STOPPED win a tie. (Working out the latest firing
   * with cron-utils here would cost milliseconds a firing: too much when thousands fire at once.)
   * Quartz's thread only hands the apps over; they are submitted on the firings thread, in order.
   */
  @Override
  public void fired(List<AppGuid> apps, AppState state, Instant scheduledAt) {
    firings.execute(() -> apps.forEach(app -> fire(app, state, scheduledAt)));
  }

  @Override
  public void misfired(List<AppGuid> apps) {
    firings.execute(() -> apps.forEach(this::reconcileMissed));
  }

  private void fire(AppGuid app, AppState state, Instant scheduledAt) {
    metrics.triggerLag(Duration.between(scheduledAt, clock.instant()));
    Schedule schedule = schedules.get(app);
    if (schedule == null) {
      return;
    }
    if (schedule.chaos().isPresent()) {
      triggers.nextChaosFlip(schedule, scheduledAt);
    }
    if (!active || schedule.suspend()) {
      return;
    }
    if (state == AppState.STARTED && schedule.skipsStartAt(scheduledAt)) {
      try (var mdc = AppMdc.put(app)) {
        LOG.atInfo()
            .setMessage("start skipped: a holiday or skip date")
            .addKeyValue("date", scheduledAt.atZone(schedule.timezone()).toLocalDate())
            .log();
      }
      return;
    }
    submit(schedule, state, scheduledAt, Cause.TRIGGER);
  }

  private void reconcileMissed(AppGuid app) {
    Schedule schedule = schedules.get(app);
    if (active && schedule != null && !schedule.suspend()) {
      reconcile(schedule, Cause.MISFIRE);
    }
  }

  /**
   * Looks at every active schedule's app again, through the dispatcher's pool and pace: an app
   * started or stopped by hand is set back to the state its schedule calls for. Apps with a toggle
   * under way, and dry-run schedules, are left alone.
   *
   * @return the apps handed to the pool
   */
  public Set<AppGuid> resync() {
    Set<AppGuid> looked = new HashSet<>();
    for (Schedule schedule : schedules.values()) {
      if (!active || schedule.suspend() || globalDryRun || schedule.dryRun()) {
        continue;
      }
      // Worked out outside the lock: cron-utils takes a while for thousands of schedules (and
      // once per expressions and zone in a second, from the cache).
      Optional<ToggleRequest> request =
          lastFirings
              .of(schedule, clock.instant())
              .map(
                  firing ->
                      new ToggleRequest(
                          schedule.appGuid(),
                          firing.state(),
                          firing.at().toInstant(),
                          Cause.RESYNC,
                          false));
      if (request.isPresent() && resyncIfCurrent(schedule, request.get())) {
        looked.add(schedule.appGuid());
      }
    }
    return looked;
  }

  /** Submits only while the schedule the request was worked out from is still the app's. */
  private synchronized boolean resyncIfCurrent(Schedule schedule, ToggleRequest request) {
    return active && schedule.equals(schedules.get(schedule.appGuid())) && toggles.resync(request);
  }

  @Override
  public void holdEnded(AppGuid app) {
    firings.execute(() -> reconcileHeld(app));
  }

  private void reconcileHeld(AppGuid app) {
    Schedule schedule = schedules.get(app);
    if (active && schedule != null && !schedule.suspend()) {
      reconcile(schedule, Cause.RECONCILE);
    }
  }

  @Override
  public void close() {
    active = false;
    triggers.close();
    firings.shutdown();
  }

  private void reconcile(Schedule schedule, Cause cause) {
    reconcile(schedule, lastFirings.of(schedule, clock.instant()), cause);
  }

  private void reconcile(Schedule schedule, Optional<Firing> wanted, Cause cause) {
    wanted.ifPresent(firing -> submit(schedule, firing.state(), firing.at().toInstant(), cause));
  }

  private void submit(Schedule schedule, AppState state, Instant firedAt, Cause cause) {
    toggles.submit(
        new ToggleRequest(
            schedule.appGuid(), state, firedAt, cause, globalDryRun || schedule.dryRun()));
  }

  private void countSchedules() {
    metrics.schedules(schedules.size() - suspended, suspended);
  }

  private static void logSchedule(String message, Schedule schedule) {
    try (var mdc = AppMdc.put(schedule.appGuid())) {
      LOG.atInfo()
          .setMessage(message)
          .addKeyValue("start", schedule.start().map(CronSpec::expression).orElse("-"))
          .addKeyValue("stop", schedule.stop().map(CronSpec::expression).orElse("-"))
          .addKeyValue("timezone", schedule.timezone().getId())
          .addKeyValue("suspend", schedule.suspend())
          .addKeyValue("dry_run", schedule.dryRun())
          .log();
    }
  }
}
