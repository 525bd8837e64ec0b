package io.cfmr.daemon.trigger;

import io.cfmr.daemon.trigger.TriggerPlan.Timing;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.simpl.RAMJobStore;

/**
 * Quartz with an in-memory job store, created in standby: triggers are installed at once, but fire
 * only between {@link #start()} and {@link #standby()} (a standby under leader election holds the
 * same triggers as the leader).
 *
 * <p>One trigger per {@link TriggerPlan.Timing}, shared by its apps: installing or removing an app
 * touches only the timings it joins or leaves; a timing's trigger is scheduled with its first app
 * and unscheduled with its last. A chaos schedule's flips and the end of an app's hold are one-shot
 * triggers of the app's own, armed only while the app is installed (and, for chaos, not suspended).
 */
public final class QuartzTriggers implements AutoCloseable {

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Scheduler scheduler;

  /** Written under this object's lock, read without it: Quartz reads it holding its own lock. */
  private final Map<Timing, Set<AppGuid>> appsByTiming = new ConcurrentHashMap<>();

  private final Map<AppGuid, List<Timing>> timingsByApp = new HashMap<>();

  /** The installed chaos schedules that are not suspended: only they have a flip armed. */
  private final Set<AppGuid> chaosApps = new HashSet<>();

  private QuartzTriggers(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * @param threads Quartz's worker threads; a job only hands its firing over, so a few suffice
   * @param misfireThreshold how late a trigger may still fire; later, it counts as missed
   */
  public static QuartzTriggers create(
      FiringHandler handler, int threads, Duration misfireThreshold) {
    Properties properties = new Properties();
    // Quartz keeps schedulers in a JVM-wide registry by name: each daemon needs its own.
    properties.setProperty(
        StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "cfmr-" + INSTANCES.incrementAndGet());
    properties.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
    // Triggers due together are acquired and fired together, up to one per worker.
    properties.setProperty(
        StdSchedulerFactory.PROP_SCHED_MAX_BATCH_SIZE, Integer.toString(threads));
    properties.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, RAMJobStore.class.getName());
    properties.setProperty(
        "org.quartz.jobStore.misfireThreshold", Long.toString(misfireThreshold.toMillis()));
    properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
    properties.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    properties.setProperty("org.quartz.threadPool.threadNamePrefix", "cfmr-trigger");
    try {
      Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
      QuartzTriggers triggers = new QuartzTriggers(scheduler);
      FireJob job = new FireJob(handler, triggers);
      scheduler.setJobFactory((bundle, owner) -> job);
      scheduler.getListenerManager().addTriggerListener(new MisfireListener(handler, triggers));
      scheduler.addJob(TriggerPlan.job(), false);
      // A paused group stays paused for triggers added to it later: a suspended schedule's
      // trigger has no moment in which it could fire.
      scheduler.pauseTriggers(GroupMatcher.triggerGroupEquals(TriggerPlan.SUSPENDED_GROUP));
      return triggers;
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot create the Quartz scheduler: " + e.getMessage(), e);
    }
  }

  /**
   * Puts the app into the schedule's timings and out of its old ones; a suspended schedule's
   * timings are paused. A chaos schedule's trigger is set to its first flip from now on; a
   * suspended one has none.
   */
  public void install(Schedule schedule) {
    installAll(List.of(schedule));
  }

  /**
   * {@link #install} for many schedules: the triggers of the timings they start are scheduled
   * together, their first firings worked out on all cores (ten thousand distinct expressions when a
   * daemon starts).
   */
  public synchronized void installAll(Collection<Schedule> schedules) {
    List<Timing> started = new ArrayList<>();
    for (Schedule schedule : schedules) {
      AppGuid app = schedule.appGuid();
      List<Timing> next = TriggerPlan.timings(schedule);
      List<Timing> before = timingsByApp.put(app, next);
      if (before != null) {
        before.stream().filter(timing -> !next.contains(timing)).forEach(t -> leave(app, t));
      }
      next.stream()
          .filter(timing -> before == null || !before.contains(timing))
          .filter(timing -> join(app, timing))
          .forEach(started::add);
    }
    Date now = new Date();
    Set<Trigger> triggers =
        started.parallelStream()
            .filter(appsByTiming::containsKey) // not left again later in the batch
            .map(timing -> new ScheduleTrigger(timing, now))
            .collect(Collectors.toSet());
    if (!triggers.isEmpty()) {
      run(() -> scheduler.scheduleJob(TriggerPlan.job(), triggers, true));
    }
    schedules.forEach(this::armChaos);
  }

  private void armChaos(Schedule schedule) {
    AppGuid app = schedule.appGuid();
    if (schedule.chaos().isPresent() && !schedule.suspend()) {
      chaosApps.add(app);
      replace(TriggerPlan.chaosFlip(app, schedule.chaos().get(), Instant.now()));
    } else if (chaosApps.remove(app)) {
      unschedule(TriggerPlan.oneShotKey(app, TriggerPlan.CHAOS));
    }
  }

  /** Takes the app out of its timings and drops its own triggers. */
  public synchronized void remove(AppGuid app) {
    List<Timing> before = timingsByApp.remove(app);
    if (before != null) {
      before.forEach(timing -> leave(app, timing));
    }
    chaosApps.remove(app);
    unschedule(TriggerPlan.oneShotKey(app, TriggerPlan.CHAOS));
    unschedule(TriggerPlan.oneShotKey(app, TriggerPlan.HOLD_END));
  }

  /**
   * Sets a chaos schedule's trigger to its next flip after {@code after}; nothing if the app has
   * since been removed, suspended or given a schedule without chaos.
   */
  public synchronized void nextChaosFlip(Schedule schedule, Instant after) {
    AppGuid app = schedule.appGuid();
    if (chaosApps.contains(app)) {
      replace(TriggerPlan.chaosFlip(app, schedule.chaos().orElseThrow(), after));
    }
  }

  /**
   * Reconciles the app at {@code at}, when its hold ends (one such trigger per app); nothing if the
   * app has since been removed.
   */
  public synchronized void holdEndsAt(AppGuid app, Instant at) {
    if (timingsByApp.containsKey(app)) {
      replace(TriggerPlan.holdEnd(app, at));
    }
  }

  /** Puts a trigger in place of the one with its key. */
  private void replace(Trigger trigger) {
    run(
        () -> {
          if (scheduler.rescheduleJob(trigger.getKey(), trigger) == null) {
            scheduler.scheduleJob(trigger);
          }
        });
  }

  private void unschedule(TriggerKey key) {
    run(() -> scheduler.unscheduleJob(key));
  }

  /** Adds the app to the timing's apps; true when the timing is new and needs its trigger. */
  private boolean join(AppGuid app, Timing timing) {
    Set<AppGuid> apps = appsByTiming.get(timing);
    if (apps != null) {
      apps.add(app);
      return false;
    }
    apps = ConcurrentHashMap.newKeySet();
    apps.add(app);
    appsByTiming.put(timing, apps); // before the trigger: its first firing finds the app
    return true;
  }

  private void leave(AppGuid app, Timing timing) {
    Set<AppGuid> apps = appsByTiming.get(timing);
    apps.remove(app);
    if (apps.isEmpty()) {
      appsByTiming.remove(timing);
      unschedule(timing.key());
    }
  }

  /** The trigger's apps now: a shared trigger's, or the one app of a one-shot trigger. */
  List<AppGuid> apps(Trigger trigger) {
    return trigger instanceof ScheduleTrigger shared
        ? apps(shared.timing())
        : List.of(new AppGuid(trigger.getKey().getName()));
  }

  /** The timing's apps now. */
  List<AppGuid> apps(Timing timing) {
    Set<AppGuid> apps = appsByTiming.get(timing);
    return apps == null ? List.of() : List.copyOf(apps);
  }

  /** When the trigger with this key fires next, if there is one (for tests and diagnostics). */
  Optional<Instant> nextFireTime(TriggerKey key) {
    try {
      return Optional.ofNullable(scheduler.getTrigger(key))
          .map(trigger -> trigger.getNextFireTime().toInstant());
    } catch (SchedulerException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** The states of the triggers of the app's timings (for tests and diagnostics). */
  public synchronized List<Trigger.TriggerState> states(AppGuid app) {
    List<Trigger.TriggerState> states = new ArrayList<>();
    for (Timing timing : timingsByApp.getOrDefault(app, List.of())) {
      run(() -> states.add(scheduler.getTriggerState(timing.key())));
    }
    return states;
  }

  /** How many shared triggers there are (for tests and diagnostics). */
  public int triggerCount() {
    return appsByTiming.size();
  }

  /** Fires triggers from now on. */
  public void start() {
    run(scheduler::start);
  }

  /**
   * Stops firing; firings due meanwhile are missed, and reported as such after {@link #start()}.
   */
  public void standby() {
    run(scheduler::standby);
  }

  @Override
  public void close() {
    run(() -> scheduler.shutdown(true));
  }

  private interface QuartzCall {
    void run() throws SchedulerException;
  }

  private static void run(QuartzCall call) {
    try {
      call.run();
    } catch (SchedulerException e) {
      // RAMJobStore does no I/O: a failure here is a programming error, not an operational one.
      throw new IllegalStateException("Quartz: " + e.getMessage(), e);
    }
  }
}
