package io.cfmr.daemon.trigger;

import io.cfmr.schedule.AppGuid;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;

/** Reports the firings Quartz skips, so that the daemon reconciles the app instead. */
final class MisfireListener extends TriggerListenerSupport {

  private final FiringHandler handler;

  MisfireListener(FiringHandler handler) {
    this.handler = handler;
  }

  @Override
  public String getName() {
    return "cfmr-misfires";
  }

  @Override
  public void triggerMisfired(Trigger trigger) {
    handler.misfired(new AppGuid(trigger.getJobKey().getName()));
  }
}
