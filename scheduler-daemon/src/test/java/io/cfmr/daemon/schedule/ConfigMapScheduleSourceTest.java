package io.cfmr.daemon.schedule;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static io.cfmr.daemon.TestSchedules.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.ScheduleConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ConfigMapScheduleSourceTest {

  static final String NS = "cfmr";

  KubernetesClient client;
  final RecordingSink sink = new RecordingSink();
  ConfigMapScheduleSource source;

  @AfterEach
  void close() {
    source.close();
  }

  static ConfigMap configMap(AppGuid app, String scheduleJson, boolean labelled) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("cfmr-schedule-" + app)
        .withNamespace(NS)
        .withLabels(
            labelled
                ? Map.of(
                    ScheduleConfigMap.LABEL,
                    ScheduleConfigMap.LABEL_VALUE,
                    "cloudfoundry.org/app_guid",
                    app.value())
                : Map.of("cloudfoundry.org/app_guid", app.value()))
        .endMetadata()
        .withData(Map.of(ScheduleConfigMap.KEY, scheduleJson))
        .build();
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

    source = new ConfigMapScheduleSource(client, NS);
    source.start(sink);
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
    source = new ConfigMapScheduleSource(client, NS);
    source.start(sink);

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
    source = new ConfigMapScheduleSource(client, NS);
    source.start(sink);

    // The same text the broker refuses with a 400 (HttpRulesTest).
    apply(configMap(APP_A, json(APP_A, "\"start\":\"@daily\",\"start\":\"@hourly\""), true));
    apply(configMap(APP_B, json(APP_B, "\"stop\":\"@daily\""), true));

    await().atMost(Duration.ofSeconds(10)).until(() -> sink.schedules.containsKey(APP_B));
    assertThat(sink.events).containsExactly("put " + APP_B);
  }
}
