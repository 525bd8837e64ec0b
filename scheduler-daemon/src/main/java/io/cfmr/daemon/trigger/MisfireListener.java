package io.cfmr.daemon.trigger;

import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;

/**
 * Reports the firings Quartz skips, so that the daemon reconciles the trigger's apps instead.
 * Quartz calls it holding its job store's lock: it only hands the apps over.
 */
final class MisfireListener extends TriggerListenerSupport {

  private final FiringHandler handler;
  private final QuartzTriggers triggers;

  MisfireListener(FiringHandler handler, QuartzTriggers triggers) {
    this.handler = handler;
    this.triggers = triggers;
  }

  @Override
  public String getName() {
    return "cfmr-misfires";
  }

  @Override
  public void triggerMisfired(Trigger trigger) {
    handler.misfired(triggers.apps(trigger));
  }
}
