package io.cfmr.daemon.schedule;

import io.cfmr.daemon.metrics.Condition;
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
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --kubernetes}: a fabric8 informer on the ConfigMaps labelled {@code cfmr.io/schedule=true}
 * in one namespace, each holding one schedule under the key {@code schedule.json} (what the broker
 * writes in daemon mode). Only ConfigMaps the broker wrote count: they carry its managed-by label
 * and the binding annotation; any other is ignored with a warning (docs/convergence.md, the trust
 * model). An invalid ConfigMap is rejected on its own; if it held a good schedule before, that one
 * keeps running. A throwable in the event handler, or an informer that stops, is fatal: a restarted
 * daemon lists the ConfigMaps afresh.
 */
public final class ConfigMapScheduleSource implements ScheduleSource {

  private static final Logger LOG = LoggerFactory.getLogger("io.cfmr.daemon.schedule");
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final String namespace;
  private final String source;
  private final Condition health;
  private final Map<String, Schedule> byConfigMap = new HashMap<>();
  private final Map<String, String> appliedVersions = new HashMap<>();
  private ScheduleSink sink;
  private SharedIndexInformer<ConfigMap> informer;
  private volatile boolean closed;

  /**
   * @param health told it is fatal when the informer stops or its handler throws
   */
  public ConfigMapScheduleSource(KubernetesClient client, String namespace, Condition health) {
    this.client = client;
    this.namespace = namespace;
    this.source = "namespace " + namespace;
    this.health = health;
  }

  @Override
  public void start(ScheduleSink sink) {
    this.sink = sink;
    try {
      informer =
          client
              .configMaps()
              .inNamespace(namespace)
              .withLabel(ScheduleConfigMap.LABEL, ScheduleConfigMap.LABEL_VALUE)
              .runnableInformer(0L);
      informer.addEventHandler(new Handler());
      informer.run(); // blocks until the first list is in the informer's cache
      // The handler hears of that list later, on the informer's thread: the schedules that exist
      // now are applied here, so that the daemon is not ready, nor leader, without them.
      informer.getStore().listKeys().forEach(this::applyLatestSafely);
      informer.stopped().whenComplete((ignored, error) -> stopped(error));
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

  private void stopped(Throwable error) {
    if (!closed) {
      health.fatal(
          "the informer on ConfigMaps in "
              + source
              + " stopped"
              + (error == null ? "" : ": " + error),
          error);
    }
  }

  /**
   * Stops the informer and waits (briefly) until its watch is gone, so that a closed source holds
   * no connection to the API server any more.
   */
  @Override
  public void close() {
    closed = true;
    if (informer != null) {
      informer.close();
      try {
        informer.stopped().toCompletableFuture().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.atWarn().setMessage("the ConfigMap informer did not stop cleanly").setCause(e).log();
      }
    }
  }

  /**
   * Applies what the informer's cache holds now for the ConfigMap with this key (namespace/name).
   * The start and the handler may both apply a ConfigMap, in either order and late: each applies
   * the latest state, once per resource version.
   */
  private synchronized void applyLatest(String key) {
    ConfigMap latest = informer.getStore().getByKey(key);
    if (latest == null) {
      appliedVersions.remove(key);
      delete(nameOf(key));
      return;
    }
    String version = latest.getMetadata().getResourceVersion();
    if (version == null || !version.equals(appliedVersions.put(key, version))) {
      apply(latest);
    }
  }

  private void apply(ConfigMap configMap) {
    String name = configMap.getMetadata().getName();
    if (!writtenByTheBroker(configMap)) {
      LOG.atWarn()
          .setMessage("ConfigMap ignored: not written by the broker")
          .addKeyValue("source", source + ", configmap " + name)
          .addKeyValue(
              "reason",
              "expected the label "
                  + ScheduleConfigMap.MANAGED_BY
                  + "="
                  + ScheduleConfigMap.MANAGED_BY_BROKER
                  + " and the annotation "
                  + ScheduleConfigMap.BINDING_ID_ANNOTATION)
          .log();
      delete(name); // a schedule it held before no longer counts
      return;
    }
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

  private void delete(String name) {
    Schedule removed = byConfigMap.remove(name);
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

  private static boolean writtenByTheBroker(ConfigMap configMap) {
    Map<String, String> labels = configMap.getMetadata().getLabels();
    Map<String, String> annotations = configMap.getMetadata().getAnnotations();
    String binding =
        annotations == null ? null : annotations.get(ScheduleConfigMap.BINDING_ID_ANNOTATION);
    return labels != null
        && ScheduleConfigMap.MANAGED_BY_BROKER.equals(labels.get(ScheduleConfigMap.MANAGED_BY))
        && binding != null
        && !binding.isBlank();
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

  /**
   * {@link #applyLatest}, reporting any throwable as fatal: the informer would log and swallow what
   * its handler throws, and none may be lost.
   */
  private void applyLatestSafely(String key) {
    try {
      applyLatest(key);
    } catch (Throwable e) { // the schedules and the ConfigMaps may now disagree
      health.fatal("handling ConfigMap " + nameOf(key) + " failed: " + e, e);
    }
  }

  private static String nameOf(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  private final class Handler implements ResourceEventHandler<ConfigMap> {
    @Override
    public void onAdd(ConfigMap configMap) {
      applyLatestSafely(Cache.metaNamespaceKeyFunc(configMap));
    }

    @Override
    public void onUpdate(ConfigMap before, ConfigMap after) {
      applyLatestSafely(Cache.metaNamespaceKeyFunc(after));
    }

    @Override
    public void onDelete(ConfigMap configMap, boolean finalStateUnknown) {
      applyLatestSafely(Cache.metaNamespaceKeyFunc(configMap));
    }
  }
}
