package io.cfmr.broker;

import static io.cfmr.broker.Requests.bind;
import static io.cfmr.broker.Requests.bindingPath;
import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionScheduler;
import static io.cfmr.broker.Requests.scheduleParameters;
import static io.cfmr.broker.Requests.schedulerDelete;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.broker.BrokerHarness.Response;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** State in Kubernetes only; concurrency; rollback of half-done work. */
class ResilienceTest {

  private static BrokerHarness broker;
  private static String instance;

  @BeforeAll
  static void start() {
    broker = BrokerHarness.start();
    instance = id();
    assertThat(broker.put(instancePath(instance), provisionScheduler()).status()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  private static int cronJobsOf(String app) {
    return broker
        .client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace("cfmr")
        .withLabel("cloudfoundry.org/app_guid", app)
        .list()
        .getItems()
        .size();
  }

  private static int bindingRecords() {
    return broker
        .client
        .configMaps()
        .inNamespace("cfmr")
        .withLabel("cfmr.io/osb-record", "binding")
        .list()
        .getItems()
        .size();
  }

  @Test
  void secondBrokerOverTheSameApiGivesTheSameAnswers() {
    String app = id();
    String binding = bindingPath(instance, id());
    assertThat(broker.put(binding, bind(app, scheduleParameters(app))).status()).isEqualTo(201);
    Broker second = broker.startBroker(SchedulerMode.CRONJOB, broker.newClient());
    assertThat(
            BrokerHarness.send(second, "PUT", binding, bind(app, scheduleParameters(app)), Map.of())
                .status())
        .isEqualTo(200);
    assertThat(
            BrokerHarness.send(
                    second,
                    "PUT",
                    binding,
                    bind(app, scheduleParameters(app).replace("*/2", "*/3")),
                    Map.of())
                .status())
        .isEqualTo(409);
    assertThat(BrokerHarness.send(second, "GET", instancePath(instance), null, Map.of()).status())
        .isEqualTo(200);
    assertThat(
            BrokerHarness.send(second, "DELETE", binding + schedulerDelete(), null, Map.of())
                .status())
        .isEqualTo(200);
    assertThat(broker.delete(binding + schedulerDelete()).status()).isEqualTo(410);
    second.close();
  }

  @Test
  void secondBindingForAnAppWithAScheduleIs409AndChangesNothing() {
    String app = id();
    assertThat(broker.put(bindingPath(instance, id()), bind(app, scheduleParameters(app))).status())
        .isEqualTo(201);
    int records = bindingRecords();
    Response second = broker.put(bindingPath(instance, id()), bind(app, scheduleParameters(app)));
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.json().get("description").asText())
        .contains(app)
        .contains("already has a schedule");
    assertThat(cronJobsOf(app)).isEqualTo(2);
    assertThat(bindingRecords()).isEqualTo(records);
  }

  @Test
  void twentyConcurrentBindsOfDistinctAppsAllSucceedAndDuplicatesDoNotDuplicate() throws Exception {
    List<String> apps = new ArrayList<>();
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String app = id();
      apps.add(app);
      calls.add(
          () ->
              broker.put(bindingPath(instance, id()), bind(app, scheduleParameters(app))).status());
    }
    String sharedApp = id();
    String sharedBinding = bindingPath(instance, id());
    for (int i = 0; i < 10; i++) {
      calls.add(
          () -> broker.put(sharedBinding, bind(sharedApp, scheduleParameters(sharedApp))).status());
    }
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
      assertThat(statuses.subList(0, 20)).containsOnly(201);
      assertThat(statuses.subList(20, 30)).containsOnly(200, 201).containsOnlyOnce(201);
    } finally {
      pool.shutdownNow();
    }
    apps.forEach(app -> assertThat(cronJobsOf(app)).isEqualTo(2));
    assertThat(cronJobsOf(sharedApp)).isEqualTo(2);
  }

  @Test
  void concurrentBindsOfOneAppUnderDifferentIdsLeaveExactlyOneSchedule() throws Exception {
    String app = id();
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(
          () ->
              broker.put(bindingPath(instance, id()), bind(app, scheduleParameters(app))).status());
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
      assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
    } finally {
      pool.shutdownNow();
    }
    assertThat(cronJobsOf(app)).isEqualTo(2);
  }

  @Test
  void foreignObjectInTheWayOfTheSecondCronJobIs409AndLeavesNothingBehind() {
    String app = id();
    broker
        .client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace("cfmr")
        .resource(
            new CronJobBuilder()
                .withNewMetadata()
                .withName("cfmr-appstop-" + app)
                .withNamespace("cfmr")
                .endMetadata()
                .withNewSpec()
                .withSchedule("@daily")
                .endSpec()
                .build())
        .create();
    int records = bindingRecords();
    String binding = bindingPath(instance, id());
    Response response = broker.put(binding, bind(app, scheduleParameters(app)));
    assertThat(response.status()).as(response.text()).isEqualTo(409);
    assertThat(
            broker
                .client
                .batch()
                .v1()
                .cronjobs()
                .inNamespace("cfmr")
                .withName("cfmr-appstart-" + app)
                .get())
        .isNull();
    assertThat(bindingRecords()).isEqualTo(records);
    assertThat(broker.delete(binding + schedulerDelete()).status()).isEqualTo(410);
  }

  @Test
  void kubernetesRefusingTheSecondCronJobIs5xxAndLeavesNothingBehind() {
    broker
        .server
        .expect()
        .post()
        .withPath("/fault/cronjobs")
        .andReturn(
            422,
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"CronJob is invalid\",\"reason\":\"Invalid\",\"code\":422}")
        .always();
    KubernetesClient faulty =
        broker.server.createClient(
            b ->
                b.withHttpClientBuilderConsumer(
                    h -> h.addOrReplaceInterceptor("fault", new RefuseStopCronJob())));
    Broker second = broker.startBroker(SchedulerMode.CRONJOB, faulty);
    try {
      String app = id();
      int records = bindingRecords();
      String binding = bindingPath(instance, id());
      Response response =
          BrokerHarness.send(second, "PUT", binding, bind(app, scheduleParameters(app)), Map.of());
      assertThat(response.status()).as(response.text()).isBetween(500, 599);
      assertThat(response.json().get("error").asText()).isEqualTo("KubernetesApiError");
      assertThat(cronJobsOf(app)).isZero();
      assertThat(bindingRecords()).isEqualTo(records);
      // Orphan mitigation: the Cloud Controller's DELETE after a 5xx is safe.
      assertThat(broker.delete(binding + schedulerDelete()).status()).isEqualTo(410);
      assertThat(BrokerHarness.send(second, "GET", "/metrics", null, Map.of()).text())
          .contains("cfmr_broker_kubernetes_errors_total{operation=\"bind\"} 1.0");
    } finally {
      second.close();
      faulty.close();
    }
  }

  @Test
  void deleteOfAHalfCreatedBindingIsSafe() {
    String app = id();
    String bindingId = id();
    String binding = bindingPath(instance, bindingId);
    assertThat(broker.put(binding, bind(app, scheduleParameters(app))).status()).isEqualTo(201);
    // As if the broker died half-way: one CronJob gone.
    broker
        .client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace("cfmr")
        .withName("cfmr-appstop-" + app)
        .delete();
    assertThat(broker.delete(binding + schedulerDelete()).status()).isEqualTo(200);
    assertThat(cronJobsOf(app)).isZero();
    assertThat(broker.delete(binding + schedulerDelete()).status()).isEqualTo(410);
  }

  /** Sends the stop CronJob's create to a path where the mock refuses it. */
  private static final class RefuseStopCronJob implements Interceptor {
    @Override
    public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
      if (request.method().equals("POST")
          && request.uri().getPath().endsWith("/cronjobs")
          && request.bodyString() != null
          && request.bodyString().contains("cfmr-appstop-")) {
        URI uri = request.uri();
        builder.uri(URI.create(uri.getScheme() + "://" + uri.getAuthority() + "/fault/cronjobs"));
      }
    }
  }
}
