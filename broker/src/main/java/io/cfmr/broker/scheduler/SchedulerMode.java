package io.cfmr.broker.scheduler;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Locale;

/** How a scheduler binding runs its schedule: {@code SCHEDULER_MODE}. */
public enum SchedulerMode {
  /** A CronJob per side, running the toggler's {@code reconcile}. */
  CRONJOB,
  /** A ConfigMap the scheduler daemon watches. */
  DAEMON,
  /** CRONJOB where the API server serves {@code batch/v1} CronJob, else DAEMON. */
  AUTO;

  public static SchedulerMode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "SCHEDULER_MODE must be cronjob, daemon or auto, got '" + text + "'", e);
    }
  }

  /** CRONJOB or DAEMON; AUTO asks the API server (discovery). */
  SchedulerMode resolve(KubernetesClient client) {
    if (this != AUTO) {
      return this;
    }
    return client.supports("batch/v1", "CronJob") ? CRONJOB : DAEMON;
  }
}
