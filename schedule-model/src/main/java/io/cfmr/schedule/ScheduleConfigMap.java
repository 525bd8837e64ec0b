package io.cfmr.schedule;

/**
 * How a schedule travels from the broker to the daemon in daemon mode: a ConfigMap labelled {@code
 * cfmr.io/schedule=true} that holds one schedule, in the {@link ScheduleJson} shape, under the key
 * {@code schedule.json}. The broker writes these ConfigMaps and the daemon watches them; the daemon
 * counts only those that carry the broker's managed-by label and the owning binding's annotation
 * (docs/convergence.md).
 */
public final class ScheduleConfigMap {

  /** The label that marks a schedule ConfigMap, with the value {@link #LABEL_VALUE}. */
  public static final String LABEL = "cfmr.io/schedule";

  public static final String LABEL_VALUE = "true";

  /** The data key that holds the schedule JSON. */
  public static final String KEY = "schedule.json";

  /** The label that names who wrote an object; the broker's value is {@link #MANAGED_BY_BROKER}. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY_BROKER = "cfmr-broker";

  /** The annotation with the id of the OSB binding that owns the schedule. */
  public static final String BINDING_ID_ANNOTATION = "cfmr.io/binding-id";

  private ScheduleConfigMap() {}
}
