package io.cfmr.daemon.trigger;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
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
 */
public final class QuartzTriggers implements AutoCloseable {

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final Scheduler scheduler;

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
      FireJob job = new FireJob(handler);
      scheduler.setJobFactory((bundle, owner) -> job);
      scheduler.getListenerManager().addTriggerListener(new MisfireListener(handler));
      return new QuartzTriggers(scheduler);
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot create the Quartz scheduler: " + e.getMessage(), e);
    }
  }

  /**
   * Puts the schedule's triggers in place of the app's old ones; a suspended schedule's triggers
   * are installed paused.
   */
  public synchronized void install(Schedule schedule) {
    AppGuid app = schedule.appGuid();
    GroupMatcher<TriggerKey> group = GroupMatcher.triggerGroupEquals(TriggerPlan.triggerGroup(app));
    run(
        () -> {
          scheduler.deleteJob(TriggerPlan.jobKey(app));
          // A paused group stays paused for triggers added to it later: no window in which a
          // suspended schedule's new trigger could fire.
          if (schedule.suspend()) {
            scheduler.pauseTriggers(group);
          } else {
            scheduler.resumeTriggers(group);
          }
          scheduler.scheduleJob(
              TriggerPlan.job(app),
              new LinkedHashSet<>(TriggerPlan.triggers(schedule, Instant.now())),
              false);
        });
  }

  /** Sets a chaos schedule's trigger to its next flip after {@code after}. */
  public synchronized void nextChaosFlip(Schedule schedule, Instant after) {
    replace(TriggerPlan.chaosFlip(schedule, after));
  }

  /** Reconciles the app at {@code at}, when its hold ends (one such trigger per app). */
  public synchronized void holdEndsAt(AppGuid app, Instant at) {
    replace(TriggerPlan.holdEnd(app, at));
  }

  /** Puts a trigger in place of the one with its key; nothing if the app's job is gone. */
  private void replace(Trigger trigger) {
    run(
        () -> {
          if (!scheduler.checkExists(trigger.getJobKey())) {
            return;
          }
          if (scheduler.rescheduleJob(trigger.getKey(), trigger) == null) {
            scheduler.scheduleJob(trigger);
          }
        });
  }

  /** Removes the app's triggers. */
  public synchronized void remove(AppGuid app) {
    run(
        () -> {
          scheduler.deleteJob(TriggerPlan.jobKey(app));
          scheduler.resumeTriggers(GroupMatcher.triggerGroupEquals(TriggerPlan.triggerGroup(app)));
        });
  }

  /** The states of the app's triggers (for tests and diagnostics). */
  public List<Trigger.TriggerState> states(AppGuid app) {
    try {
      List<Trigger.TriggerState> states = new ArrayList<>();
      for (TriggerKey key :
          scheduler.getTriggerKeys(
              GroupMatcher.triggerGroupEquals(TriggerPlan.triggerGroup(app)))) {
        states.add(scheduler.getTriggerState(key));
      }
      return states;
    } catch (SchedulerException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
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
