package io.cfmr.daemon.trigger;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import java.util.List;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;

/** The job every trigger runs: it hands the firing, with the trigger's apps, over and returns. */
final class FireJob implements Job {

  private final FiringHandler handler;
  private final QuartzTriggers triggers;

  FireJob(FiringHandler handler, QuartzTriggers triggers) {
    this.handler = handler;
    this.triggers = triggers;
  }

  @Override
  public void execute(JobExecutionContext context) {
    Trigger trigger = context.getTrigger();
    List<AppGuid> apps = triggers.apps(trigger);
    if (trigger.getKey().getGroup().equals(TriggerPlan.HOLD_END)) {
      apps.forEach(handler::holdEnded);
      return;
    }
    AppState state =
        trigger instanceof ScheduleTrigger shared
            ? shared.timing().state()
            : AppState.valueOf(trigger.getJobDataMap().getString(TriggerPlan.STATE));
    handler.fired(apps, state, context.getScheduledFireTime().toInstant());
  }
}
