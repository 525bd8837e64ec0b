package io.cfmr.daemon.schedule;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static io.cfmr.daemon.TestSchedules.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cfmr.daemon.metrics.Health;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ConfigMapScheduleSourceTest {

  static final String NS = "cfmr";

  KubernetesClient client;
  final RecordingSink sink = new RecordingSink();
  final List<String> fatal = new CopyOnWriteArrayList<>();
  final Health health = new Health((reason, cause) -> fatal.add(reason));
  final ScheduleLog log = new ScheduleLog();
  ConfigMapScheduleSource source;

  /** False in the tests whose source no longer watches when they end. */
  boolean watching = true;

  @AfterEach
  void close() {
    if (watching) {
      awaitWatchCaughtUp();
    }
    log.close();
    source.close();
    assertThat(fatal).isEmpty();
  }

  /** A schedule ConfigMap as the broker writes it, or without the schedule label. */
  static ConfigMap configMap(AppGuid app, String scheduleJson, boolean labelled) {
    ConfigMap configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("cfmr-schedule-" + app)
            .withNamespace(NS)
            .addToLabels("cloudfoundry.org/app_guid", app.value())
            .addToLabels(ScheduleConfigMap.MANAGED_BY, ScheduleConfigMap.MANAGED_BY_BROKER)
            .addToAnnotations(ScheduleConfigMap.BINDING_ID_ANNOTATION, "binding-1")
            .endMetadata()
            .withData(Map.of(ScheduleConfigMap.KEY, scheduleJson))
            .build();
    if (labelled) {
      configMap
          .getMetadata()
          .getLabels()
          .put(ScheduleConfigMap.LABEL, ScheduleConfigMap.LABEL_VALUE);
    }
    return configMap;
  }

  /**
   * Waits until the mock API server has sent the source's watch every event it had queued. The mock
   * sends every ConfigMap again when a watch opens, and it cannot shut down when a watch is closed
   * while it still sends ("Unable to close MockWebServer": its event loop waits for its sender,
   * which waits for the event loop). A ConfigMap the broker did not write is sent last and shows as
   * a warning.
   */
  void awaitWatchCaughtUp() {
    ConfigMap last = configMap(APP_A, json(APP_A, "\"start\":\"@daily\""), true);
    last.getMetadata().setName("last-event");
    last.getMetadata().getLabels().remove(ScheduleConfigMap.MANAGED_BY);
    apply(last);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> log.warnings().stream().anyMatch(line -> line.contains("configmap last-event")));
  }

  void start() {
    source = new ConfigMapScheduleSource(client, NS, health.condition("schedule source"));
    source.start(sink);
  }

  void apply(ConfigMap configMap) {
    client.configMaps().inNamespace(NS).resource(configMap).createOr(existing -> existing.update());
  }

  String startOf(AppGuid app) {
    return sink.schedules.get(app).start().orElseThrow().expression();
  }

  @Test
  void deliversExistingConfigMapsAtStartThenAddsChangesAndDeletes() {
    apply(configMap(APP_A, json(APP_A, "\"start\":\"@daily\""), true));
    apply(configMap(APP_B, json(APP_B, "\"start\":\"@daily\""), false)); // not labelled

    start();
    assertThat(sink.schedules).containsOnlyKeys(APP_A);

    apply(configMap(APP_B, json(APP_B, "\"start\":\"@hourly\""), true));
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.schedules.containsKey(APP_B));

    apply(configMap(APP_A, json(APP_A, "\"start\":\"@weekly\""), true));
    await().atMost(Duration.ofSeconds(10)).until(() -> startOf(APP_A).equals("@weekly"));

    client.configMaps().inNamespace(NS).withName("cfmr-schedule-" + APP_A).delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> !sink.schedules.containsKey(APP_A));
    assertThat(sink.schedules).containsOnlyKeys(APP_B);
  }

  @Test
  void everyScheduleThatExistsIsDeliveredBeforeStartReturns() {
    // The informer hands its first list to the handler later, on its own thread: a source that
    // relied on that would return with some of these still missing.
    List<AppGuid> apps = hundredApps();
    apps.forEach(app -> apply(configMap(app, json(app, "\"start\":\"@daily\""), true)));
    RecordingSink slow =
        new RecordingSink() {
          @Override
          public void put(Schedule schedule) {
            sleep(Duration.ofMillis(5)); // a daemon's put installs triggers
            super.put(schedule);
          }
        };

    source = new ConfigMapScheduleSource(client, NS, health.condition("schedule source"));
    source.start(slow);

    assertThat(slow.schedules).containsOnlyKeys(apps);
    assertThat(slow.events).as("each delivered once").hasSize(100);
  }

  @Test
  void theConfigMapsThatExistAtStartAreDeliveredInOneBatch() {
    List<AppGuid> apps = hundredApps();
    apps.forEach(app -> apply(configMap(app, json(app, "\"start\":\"@daily\""), true)));
    List<Integer> batches = new CopyOnWriteArrayList<>();
    RecordingSink batching =
        new RecordingSink() {
          @Override
          public void putAll(Collection<Schedule> schedules) {
            batches.add(schedules.size()); // a daemon installs a batch's triggers at once
            super.putAll(schedules);
          }
        };

    source = new ConfigMapScheduleSource(client, NS, health.condition("schedule source"));
    source.start(batching);

    assertThat(batches).containsExactly(100);
    assertThat(batching.schedules).containsOnlyKeys(apps);
  }

  @Test
  void aConfigMapDeletedWhileTheFirstListIsAppliedIsRemovedBeforeStartReturns() {
    apply(configMap(APP_A, json(APP_A, "\"start\":\"@daily\""), true));
    apply(configMap(APP_B, json(APP_B, "\"start\":\"@daily\""), true));
    RecordingSink deleting =
        new RecordingSink() {
          @Override
          public void putAll(Collection<Schedule> schedules) {
            super.putAll(schedules);
            if (schedules.size() == 2) { // the first list: B goes before the handler listens
              client.configMaps().inNamespace(NS).withName("cfmr-schedule-" + APP_B).delete();
              sleep(Duration.ofSeconds(1)); // for the watch to bring the deletion in
            }
          }
        };

    source = new ConfigMapScheduleSource(client, NS, health.condition("schedule source"));
    source.start(deleting);

    assertThat(deleting.schedules).containsOnlyKeys(APP_A);
    assertThat(deleting.events).endsWith("remove " + APP_B);
  }

  static List<AppGuid> hundredApps() {
    return IntStream.range(0, 100)
        .mapToObj(i -> new AppGuid(String.format("00000000-0000-4000-8000-%012d", i)))
        .toList();
  }

  @Test
  void anInvalidConfigMapKeepsItsPreviousScheduleAndOthersRun() {
    apply(configMap(APP_A, json(APP_A, "\"start\":\"@daily\""), true));
    start();

    apply(
        configMap(APP_A, json(APP_A, "\"start\":\"@daily\",\"timezone\":\"Mars/Olympus\""), true));
    apply(configMap(APP_B, "{not json", true));
    apply(configMap(APP_B, json(APP_B, "\"stop\":\"@daily\""), true));

    await().atMost(Duration.ofSeconds(10)).until(() -> sink.schedules.containsKey(APP_B));
    assertThat(startOf(APP_A)).isEqualTo("@daily");
    assertThat(sink.events).containsExactly("put " + APP_A, "put " + APP_B);
    assertThat(log.warnings())
        .satisfiesExactly(
            keptA ->
                assertThat(keptA)
                    .startsWith(
                        "schedule rejected; keeping the ConfigMap's previous schedule"
                            + " source=namespace cfmr, configmap cfmr-schedule-%s field=cron.timezone "
                                .formatted(APP_A))
                    .endsWith("app_guid=" + APP_A),
            unreadableB ->
                assertThat(unreadableB)
                    .startsWith(
                        "schedule rejected; the app has no schedule"
                            + " source=namespace cfmr, configmap cfmr-schedule-%s".formatted(APP_B)
                            + " field=schedule.json reason=not valid JSON"));
  }

  @Test
  void aConfigMapWithoutTheScheduleKeyIsRejectedNamingTheKey() {
    ConfigMap withoutKey = configMap(APP_A, json(APP_A, "\"start\":\"@daily\""), true);
    withoutKey.setData(Map.of("schedule.yaml", "start: '@daily'"));
    apply(withoutKey);

    start();

    await().atMost(Duration.ofSeconds(10)).until(() -> !log.warnings().isEmpty());
    assertThat(sink.schedules).isEmpty();
    assertThat(log.warnings())
        .singleElement()
        .asString()
        .startsWith(
            "schedule rejected; the app has no schedule source=namespace cfmr, configmap"
                + " cfmr-schedule-%s field=schedule.json reason=missing".formatted(APP_A));
  }

  @Test
  void aConfigMapWhoseAppChangesNoLongerSchedulesTheOldApp() {
    apply(configMap(APP_A, json(APP_A, "\"start\":\"@daily\""), true));
    start();

    apply(configMap(APP_A, json(APP_B, "\"start\":\"@daily\""), true)); // same name, now B

    await().atMost(Duration.ofSeconds(10)).until(() -> sink.schedules.containsKey(APP_B));
    assertThat(sink.schedules).containsOnlyKeys(APP_B);
  }

  @Test
  void anAppInTwoConfigMapsKeepsTheOthersScheduleWhenOneIsDeleted() {
    apply(configMap(APP_A, json(APP_A, "\"start\":\"@daily\""), true));
    ConfigMap second = configMap(APP_A, json(APP_A, "\"start\":\"@hourly\""), true);
    second.getMetadata().setName("cfmr-schedule-second");
    apply(second);
    start();
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.events.size() == 2);

    client.configMaps().inNamespace(NS).withName("cfmr-schedule-second").delete();

    await().atMost(Duration.ofSeconds(10)).until(() -> sink.events.size() == 3);
    assertThat(sink.events.get(2)).isEqualTo("put " + APP_A);
    assertThat(startOf(APP_A)).isEqualTo("@daily");
  }

  @Test
  void aClosedSourceAppliesNoMoreChanges() {
    start();
    watching = false;

    source.close();
    apply(configMap(APP_A, json(APP_A, "\"start\":\"@daily\""), true));

    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(5))
        .until(() -> sink.events.isEmpty());
  }

  @Test
  void anInformerThatStopsIsFatalSayingWhy() {
    start();
    watching = false; // once the ConfigMap below is created
    health.ready();

    // A ConfigMap the client cannot read: its watch ends with an error the informer does not retry.
    GenericKubernetesResource unreadable =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("v1")
            .withKind("ConfigMap")
            .withNewMetadata()
            .withName("unreadable")
            .addToLabels(ScheduleConfigMap.LABEL, ScheduleConfigMap.LABEL_VALUE)
            .endMetadata()
            .addToAdditionalProperties("data", "not a map")
            .build();
    client
        .genericKubernetesResources("v1", "ConfigMap")
        .inNamespace(NS)
        .resource(unreadable)
        .create();

    await().atMost(Duration.ofSeconds(10)).until(() -> !fatal.isEmpty());
    assertThat(fatal)
        .singleElement()
        .asString()
        .startsWith("schedule source: the informer on ConfigMaps in namespace cfmr stopped: ")
        .contains("WatcherException");
    assertThat(health.isReady()).isFalse();
    fatal.clear();
  }

  @Test
  void aKeyGivenTwiceIsRefusedAsTheBrokerRefusesIt() {
    start();

    // The same text the broker refuses with a 400 (HttpRulesTest).
    apply(configMap(APP_A, json(APP_A, "\"start\":\"@daily\",\"start\":\"@hourly\""), true));
    apply(configMap(APP_B, json(APP_B, "\"stop\":\"@daily\""), true));

    await().atMost(Duration.ofSeconds(10)).until(() -> sink.schedules.containsKey(APP_B));
    assertThat(sink.events).containsExactly("put " + APP_B);
  }

  @Test
  void onlyConfigMapsTheBrokerWroteCountAndOthersAreIgnoredByName() {
    ConfigMap noManagedBy = configMap(APP_A, json(APP_A, "\"start\":\"@daily\""), true);
    noManagedBy.getMetadata().getLabels().remove(ScheduleConfigMap.MANAGED_BY);
    apply(noManagedBy);
    ConfigMap noOwner = configMap(APP_B, json(APP_B, "\"start\":\"@daily\""), true);
    noOwner.getMetadata().setAnnotations(Map.of());
    apply(noOwner);

    start();

    await().atMost(Duration.ofSeconds(10)).until(() -> log.warnings().size() == 2);
    assertThat(sink.schedules).isEmpty();
    assertThat(log.warnings())
        .allMatch(line -> line.startsWith("ConfigMap ignored: not written by the broker "))
        .anyMatch(line -> line.contains("configmap cfmr-schedule-" + APP_A))
        .anyMatch(line -> line.contains("configmap cfmr-schedule-" + APP_B));

    apply(configMap(APP_B, json(APP_B, "\"start\":\"@daily\""), true));
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.schedules.containsKey(APP_B));
    // Someone else takes it over: the schedule no longer counts.
    apply(noOwner);
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.schedules.isEmpty());
  }

  @Test
  void aThrowableInTheHandlerIsFatal() {
    apply(configMap(APP_A, json(APP_A, "\"start\":\"@daily\""), true));
    source = new ConfigMapScheduleSource(client, NS, health.condition("schedule source"));
    source.start(
        new ScheduleSink() {
          @Override
          public void put(Schedule schedule) {
            throw new StackOverflowError("in the sink");
          }

          @Override
          public void remove(AppGuid app) {}
        });

    assertThat(fatal).singleElement().asString().contains("cfmr-schedule-" + APP_A);
    assertThat(health.isReady()).isFalse();
    fatal.clear();
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
