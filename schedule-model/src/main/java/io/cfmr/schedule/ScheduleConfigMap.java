package io.cfmr.schedule;

/**
 * How a schedule travels from the broker to the daemon in daemon mode: a ConfigMap labelled {@code
 * cfmr.io/schedule=true} that holds one schedule, in the {@link ScheduleJson} shape, under the key
 * {@code schedule.json}. The broker writes these ConfigMaps and the daemon watches them.
 */
public final class ScheduleConfigMap {

  /** The label that marks a schedule ConfigMap, with the value {@link #LABEL_VALUE}. */
  public static final String LABEL = "cfmr.io/schedule";

  public static final String LABEL_VALUE = "true";

  /** The data key that holds the schedule JSON. */
  public static final String KEY = "schedule.json";

  private ScheduleConfigMap() {}
}
