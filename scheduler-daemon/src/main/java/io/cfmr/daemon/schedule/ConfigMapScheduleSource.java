package io.cfmr.daemon.schedule;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.CronSyntax;
import io.cfmr.schedule.InvalidScheduleException;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleConfigMap;
import io.cfmr.schedule.ScheduleJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --kubernetes}: a fabric8 informer on the ConfigMaps labelled {@code cfmr.io/schedule=true}
 * in one namespace, each holding one schedule under the key {@code schedule.json} (what the broker
 * writes in daemon mode). An invalid ConfigMap is rejected on its own; if it held a good schedule
 * before, that one keeps running.
 */
public final class ConfigMapScheduleSource implements ScheduleSource {

  private final KubernetesClient client;
  private final String namespace;
  private final String source;
  private final Map<String, Schedule> byConfigMap = new HashMap<>();
  private ScheduleSink sink;
  private SharedIndexInformer<ConfigMap> informer;

  public ConfigMapScheduleSource(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.source = "namespace " + namespace;
  }

  @Override
  public void start(ScheduleSink sink) {
    this.sink = sink;
    try {
      // Blocks until the first list is in: the schedules that exist now are delivered on return.
      informer =
          client
              .configMaps()
              .inNamespace(namespace)
              .withLabel(ScheduleConfigMap.LABEL, ScheduleConfigMap.LABEL_VALUE)
              .inform(new Handler(), 0L);
    } catch (KubernetesClientException e) {
      throw new ScheduleSourceException(
          "cannot watch ConfigMaps labelled "
              + ScheduleConfigMap.LABEL
              + "="
              + ScheduleConfigMap.LABEL_VALUE
              + " in "
              + source
              + ": "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }

  private synchronized void apply(ConfigMap configMap) {
    String name = configMap.getMetadata().getName();
    ParsedSchedule parsed = parse(configMap);
    if (parsed instanceof ParsedSchedule.Rejected rejected) {
      Rejections.log(
          source,
          rejected,
          byConfigMap.containsKey(name)
              ? "keeping the ConfigMap's previous schedule"
              : "the app has no schedule");
      return;
    }
    Schedule schedule = ((ParsedSchedule.Valid) parsed).schedule();
    Schedule before = byConfigMap.put(name, schedule);
    if (before != null && !before.appGuid().equals(schedule.appGuid())) {
      forget(before.appGuid());
    }
    sink.put(schedule);
  }

  private synchronized void delete(ConfigMap configMap) {
    Schedule removed = byConfigMap.remove(configMap.getMetadata().getName());
    if (removed != null) {
      forget(removed.appGuid());
    }
  }

  /** Removes the app, unless another ConfigMap still schedules it: then that one applies. */
  private void forget(AppGuid app) {
    byConfigMap.values().stream()
        .filter(schedule -> schedule.appGuid().equals(app))
        .findFirst()
        .ifPresentOrElse(sink::put, () -> sink.remove(app));
  }

  private static ParsedSchedule parse(ConfigMap configMap) {
    String origin = "configmap " + configMap.getMetadata().getName();
    String key = ScheduleConfigMap.KEY;
    String json = configMap.getData() == null ? null : configMap.getData().get(key);
    if (json == null) {
      return new ParsedSchedule.Rejected(
          Optional.empty(),
          new InvalidScheduleException(
              key, "missing; expected one schedule as JSON under this key"),
          origin);
    }
    return ParsedSchedule.of(
        () -> ScheduleJson.read(key, json, CronSyntax.KUBERNETES_OR_SECONDS), origin);
  }

  private final class Handler implements ResourceEventHandler<ConfigMap> {
    @Override
    public void onAdd(ConfigMap configMap) {
      apply(configMap);
    }

    @Override
    public void onUpdate(ConfigMap before, ConfigMap after) {
      apply(after);
    }

    @Override
    public void onDelete(ConfigMap configMap, boolean finalStateUnknown) {
      delete(configMap);
    }
  }
}
