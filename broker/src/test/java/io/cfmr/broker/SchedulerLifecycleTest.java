package io.cfmr.broker;

import static io.cfmr.broker.BrokerHarness.NAMESPACE;
import static io.cfmr.broker.Requests.bindingPath;
import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionScheduler;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.broker.kube.ExpectedYaml;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

/** The toggler's Role across instances, and the scheduler modes. */
class SchedulerLifecycleTest {

  private static final String TOGGLER = "cfmr-toggler";

  private static Role role(BrokerHarness broker) {
    return broker.client().rbac().roles().inNamespace(NAMESPACE).withName(TOGGLER).get();
  }

  private static RoleBinding roleBinding(BrokerHarness broker) {
    return broker.client().rbac().roleBindings().inNamespace(NAMESPACE).withName(TOGGLER).get();
  }

  @Test
  void roleIsKeptWhileAnySchedulerInstanceExistsAndRemovedWithTheLast() {
    try (BrokerHarness broker = BrokerHarness.start()) {
      String first = instancePath(id());
      String second = instancePath(id());
      assertThat(broker.put(first, provisionScheduler()).status()).isEqualTo(201);
      Role made = role(broker);
      ExpectedYaml.assertMatches(clean(made), "role");
      ExpectedYaml.assertMatches(clean(roleBinding(broker)), "rolebinding");
      assertThat(broker.put(second, provisionScheduler()).status()).isEqualTo(201);
      assertThat(broker.unbindSchedule(first).status()).isEqualTo(200);
      assertThat(role(broker)).isNotNull();
      assertThat(roleBinding(broker)).isNotNull();
      assertThat(broker.unbindSchedule(second).status()).isEqualTo(200);
      assertThat(role(broker)).isNull();
      assertThat(roleBinding(broker)).isNull();
    }
  }

  @Test
  void daemonModeBindWritesTheScheduleConfigMapAndUnbindRemovesIt() {
    try (BrokerHarness broker = BrokerHarness.start(SchedulerMode.DAEMON)) {
      String instance = id();
      assertThat(broker.put(instancePath(instance), provisionScheduler()).status()).isEqualTo(201);
      String app = id();
      String binding = bindingPath(instance, id());
      assertThat(broker.bindSchedule(binding, app).status()).isEqualTo(201);
      ConfigMap map = broker.scheduleConfigMap(app);
      assertThat(map.getMetadata().getLabels())
          .containsEntry("cfmr.io/schedule", "true")
          .containsEntry("cloudfoundry.org/app_guid", app)
          .containsEntry("app.kubernetes.io/managed-by", "cfmr-broker");
      assertThat(map.getData().get("schedule.json"))
          .contains("\"app-guid\":\"" + app + "\"")
          .contains("\"timezone\":\"UTC\"");
      assertThat(broker.client().batch().v1().cronjobs().inAnyNamespace().list().getItems())
          .isEmpty();
      assertThat(broker.bindSchedule(bindingPath(instance, id()), app).status()).isEqualTo(409);
      assertThat(broker.unbindSchedule(binding).status()).isEqualTo(200);
      assertThat(broker.scheduleConfigMap(app)).isNull();
    }
  }

  @Test
  void daemonModeAcceptsChaosAndWritesItIntoTheConfigMap() {
    try (BrokerHarness broker = BrokerHarness.start(SchedulerMode.DAEMON)) {
      String instance = id();
      assertThat(broker.put(instancePath(instance), provisionScheduler()).status()).isEqualTo(201);
      String app = id();
      var response =
          broker.put(
              bindingPath(instance, id()),
              Requests.bind(
                  app,
                  "{\"cron\":{\"chaos\":{\"uptime-percent\":50,\"period\":\"10m\",\"seed\":42}}}"));
      assertThat(response.status()).as(response.text()).isEqualTo(201);
      assertThat(broker.scheduleConfigMap(app).getData().get("schedule.json"))
          .contains("\"chaos\":{\"uptime-percent\":50,\"period\":\"600s\",\"seed\":42}");
    }
  }

  @Test
  void autoModeUsesCronJobsWhereTheApiServesThem() {
    try (BrokerHarness broker = BrokerHarness.start(SchedulerMode.AUTO)) {
      boolean served = broker.client().supports("batch/v1", "CronJob");
      String instance = id();
      assertThat(broker.put(instancePath(instance), provisionScheduler()).status()).isEqualTo(201);
      String app = id();
      assertThat(broker.bindSchedule(bindingPath(instance, id()), app).status()).isEqualTo(201);
      assertThat(broker.cronJob("cfmr-appstart-" + app) != null).isEqualTo(served);
      assertThat(broker.scheduleConfigMap(app) != null).isEqualTo(!served);
    }
  }

  /**
   * The API server's additions (uid, resourceVersion, ...) and the list of instances sharing it
   * (hashes of random ids) are not part of the desired object.
   */
  private static <T extends HasMetadata> T clean(T object) {
    assertThat(object.getMetadata().getAnnotations()).containsOnlyKeys("cfmr.io/users");
    object.getMetadata().setAnnotations(null);
    object.getMetadata().setUid(null);
    object.getMetadata().setResourceVersion(null);
    object.getMetadata().setCreationTimestamp(null);
    object.getMetadata().setGeneration(null);
    object.getMetadata().setManagedFields(null);
    return object;
  }
}
