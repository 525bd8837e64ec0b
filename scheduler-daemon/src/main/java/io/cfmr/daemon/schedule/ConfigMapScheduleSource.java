package io.cfmr.daemon.schedule;

import io.cfmr.daemon.metrics.Condition;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.CronSyntax;
import io.cfmr.schedule.InvalidScheduleException;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleConfigMap;
import io.cfmr.schedule.ScheduleJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
              .runnableInformer(0L)
              .itemStore(new SlimStore());
      informer.run(); // blocks until the first list is in the informer's cache
      // What exists is applied here, at once, so that the daemon is neither ready nor leader
      // without it. The handler, added after, is first told of every ConfigMap again (applied
      // already: nothing to do) and then of each change; one deleted before it was added is
      // caught by applying the first keys once more.
      List<String> listed = informer.getStore().listKeys();
      applyLatestSafely(listed);
      informer.addEventHandler(new Handler());
      applyLatestSafely(listed);
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
   * Applies what the informer's cache holds now for the ConfigMaps with these keys
   * (namespace/name), the schedules they hold delivered at once. The start and the handler may both
   * apply a ConfigMap, in either order and late: each applies the latest state, once per resource
   * version.
   */
  private synchronized void applyLatest(List<String> keys) {
    Batch batch = new Batch(sink);
    List<ConfigMap> changed = new ArrayList<>();
    for (String key : keys) {
      ConfigMap latest = informer.getStore().getByKey(key);
      if (latest == null) {
        appliedVersions.remove(key);
        delete(nameOf(key), batch);
      } else if (isNewVersion(key, latest)) {
        changed.add(latest);
      }
    }
    // Reading the schedules is what a first list of thousands costs: on all cores.
    List<Optional<ParsedSchedule>> read =
        (changed.size() > 1 ? changed.parallelStream() : changed.stream())
            .map(ConfigMapScheduleSource::read)
            .toList();
    for (int i = 0; i < changed.size(); i++) {
      apply(changed.get(i), read.get(i), batch);
    }
    batch.deliver();
  }

  private boolean isNewVersion(String key, ConfigMap latest) {
    String version = latest.getMetadata().getResourceVersion();
    return version == null || !version.equals(appliedVersions.put(key, version));
  }

  /**
   * @param read the schedule it holds, or empty when the broker did not write it
   */
  private void apply(ConfigMap configMap, Optional<ParsedSchedule> read, ScheduleSink to) {
    String name = configMap.getMetadata().getName();
    if (read.isEmpty()) {
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
      delete(name, to); // a schedule it held before no longer counts
      return;
    }
    if (read.get() instanceof ParsedSchedule.Rejected rejected) {
      Rejections.log(
          source,
          rejected,
          byConfigMap.containsKey(name)
              ? "keeping the ConfigMap's previous schedule"
              : "the app has no schedule");
      return;
    }
    Schedule schedule = ((ParsedSchedule.Valid) read.get()).schedule();
    Schedule before = byConfigMap.put(name, schedule);
    if (before != null && !before.appGuid().equals(schedule.appGuid())) {
      forget(before.appGuid(), to);
    }
    to.put(schedule);
  }

  private void delete(String name, ScheduleSink to) {
    Schedule removed = byConfigMap.remove(name);
    if (removed != null) {
      forget(removed.appGuid(), to);
    }
  }

  /** Removes the app, unless another ConfigMap still schedules it: then that one applies. */
  private void forget(AppGuid app, ScheduleSink to) {
    byConfigMap.values().stream()
        .filter(schedule -> schedule.appGuid().equals(app))
        .findFirst()
        .ifPresentOrElse(to::put, () -> to.remove(app));
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

  /** The schedule the ConfigMap holds, or empty when the broker did not write it. */
  private static Optional<ParsedSchedule> read(ConfigMap configMap) {
    return writtenByTheBroker(configMap) ? Optional.of(parse(configMap)) : Optional.empty();
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
  private void applyLatestSafely(List<String> keys) {
    try {
      applyLatest(keys);
    } catch (Throwable e) { // the schedules and the ConfigMaps may now disagree
      health.fatal(
          "handling ConfigMap"
              + (keys.size() == 1 ? " " + nameOf(keys.get(0)) : "s")
              + " failed: "
              + e,
          e);
    }
  }

  private static String nameOf(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  private final class Handler implements ResourceEventHandler<ConfigMap> {
    @Override
    public void onAdd(ConfigMap configMap) {
      applyLatestSafely(List.of(Cache.metaNamespaceKeyFunc(configMap)));
    }

    @Override
    public void onUpdate(ConfigMap before, ConfigMap after) {
      applyLatestSafely(List.of(Cache.metaNamespaceKeyFunc(after)));
    }

    @Override
    public void onDelete(ConfigMap configMap, boolean finalStateUnknown) {
      applyLatestSafely(List.of(Cache.metaNamespaceKeyFunc(configMap)));
    }
  }

  /**
   * Holds the puts of one apply to deliver them at once; a removal first delivers the puts before
   * it, so that the sink sees every change in order.
   */
  static final class Batch implements ScheduleSink {
    private final ScheduleSink sink;
    private final List<Schedule> puts = new ArrayList<>();

    Batch(ScheduleSink sink) {
      this.sink = sink;
    }

    @Override
    public void put(Schedule schedule) {
      puts.add(schedule);
    }

    @Override
    public void remove(AppGuid app) {
      deliver();
      sink.remove(app);
    }

    void deliver() {
      if (!puts.isEmpty()) {
        sink.putAll(List.copyOf(puts));
        puts.clear();
      }
    }
  }

  /**
   * The informer's cache, holding of each ConfigMap only what the source reads: its name, version,
   * the broker's label and annotation, and the schedule. An API server's ConfigMap carries more
   * (its managed fields, uid, the broker's other labels), and the cache holds every schedule's
   * ConfigMap for as long as the daemon runs.
   */
  static final class SlimStore extends BasicItemStore<ConfigMap> {
    SlimStore() {
      super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public ConfigMap put(String key, ConfigMap configMap) {
      return super.put(key, slim(configMap));
    }

    static ConfigMap slim(ConfigMap full) {
      ObjectMeta meta = full.getMetadata();
      return new ConfigMapBuilder()
          .withNewMetadata()
          .withName(meta.getName())
          .withNamespace(meta.getNamespace())
          .withResourceVersion(meta.getResourceVersion())
          .withLabels(only(meta.getLabels(), ScheduleConfigMap.MANAGED_BY))
          .withAnnotations(only(meta.getAnnotations(), ScheduleConfigMap.BINDING_ID_ANNOTATION))
          .endMetadata()
          .withData(only(full.getData(), ScheduleConfigMap.KEY))
          .build();
    }

    private static Map<String, String> only(Map<String, String> map, String key) {
      return map == null || map.get(key) == null ? null : Map.of(key, map.get(key));
    }
  }
}
