package io.cfmr.daemon.schedule;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static io.cfmr.daemon.TestSchedules.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cfmr.daemon.metrics.Health;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

@EnableKubernetesMockClient(crud = true)
class ConfigMapScheduleSourceTest {

  static final String NS = "cfmr";

  KubernetesClient client;
  final RecordingSink sink = new RecordingSink();
  final List<String> fatal = new CopyOnWriteArrayList<>();
  final Health health = new Health((reason, cause) -> fatal.add(reason));
  ConfigMapScheduleSource source;

  @AfterEach
  void close() {
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
    ListAppender<ILoggingEvent> log = captureScheduleLog();

    start();

    assertThat(sink.schedules).isEmpty();
    assertThat(log.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsOnly("ConfigMap ignored: not written by the broker");
    assertThat(log.list)
        .flatExtracting(
            e -> e.getKeyValuePairs().stream().map(p -> String.valueOf(p.value)).toList())
        .anyMatch(v -> v.contains("configmap cfmr-schedule-" + APP_A))
        .anyMatch(v -> v.contains("configmap cfmr-schedule-" + APP_B));

    ((Logger) LoggerFactory.getLogger("io.cfmr.daemon.schedule")).detachAppender(log);

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

  static ListAppender<ILoggingEvent> captureScheduleLog() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger("io.cfmr.daemon.schedule")).addAppender(appender);
    return appender;
  }
}
