package io.cfmr.broker;

import static io.cfmr.broker.Requests.bind;
import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.scheduleParameters;
import static io.cfmr.broker.Requests.schedulerDelete;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.broker.BrokerHarness.Endpoint;
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
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** State in Kubernetes only; concurrency; rollback of half-done work. */
class ResilienceTest {

  @RegisterExtension
  static final BrokerHarness broker =
      BrokerHarness.inMode(SchedulerMode.CRONJOB).withSchedulerInstance();

  private static int bindingRecords() {
    return broker
        .client()
        .configMaps()
        .inNamespace(BrokerHarness.NAMESPACE)
        .withLabel("cfmr.io/osb-record", "binding")
        .list()
        .getItems()
        .size();
  }

  @Test
  void secondBrokerOverTheSameApiGivesTheSameAnswers() {
    String app = id();
    String binding = broker.newBinding();
    assertThat(broker.bindSchedule(binding, app).status()).isEqualTo(201);
    Broker replica = broker.startBroker(SchedulerMode.CRONJOB, broker.newClient());
    Endpoint second = broker.at(replica);
    assertThat(second.put(binding, bind(app, scheduleParameters(app))).status()).isEqualTo(200);
    assertThat(
            second.put(binding, bind(app, scheduleParameters(app).replace("*/2", "*/3"))).status())
        .isEqualTo(409);
    assertThat(second.get(instancePath(broker.instance())).status()).isEqualTo(200);
    assertThat(second.delete(binding + schedulerDelete()).status()).isEqualTo(200);
    assertThat(broker.unbindSchedule(binding).status()).isEqualTo(410);
    replica.close();
  }

  @Test
  void secondBindingForAnAppWithAScheduleIs409AndChangesNothing() {
    String app = id();
    assertThat(broker.bindSchedule(broker.newBinding(), app).status()).isEqualTo(201);
    int records = bindingRecords();
    Response second = broker.bindSchedule(broker.newBinding(), app);
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.json().get("description").asText())
        .contains(app)
        .contains("already has a schedule");
    assertThat(broker.cronJobsOf(app)).hasSize(2);
    assertThat(bindingRecords()).isEqualTo(records);
  }

  @Test
  void twentyConcurrentBindsOfDistinctAppsAllSucceedAndDuplicatesDoNotDuplicate() throws Exception {
    List<String> apps = new ArrayList<>();
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String app = id();
      apps.add(app);
      calls.add(() -> broker.bindSchedule(broker.newBinding(), app).status());
    }
    String sharedApp = id();
    String sharedBinding = broker.newBinding();
    for (int i = 0; i < 10; i++) {
      calls.add(() -> broker.bindSchedule(sharedBinding, sharedApp).status());
    }
    List<Integer> statuses = AtOnce.run(calls);
    assertThat(statuses.subList(0, 20)).containsOnly(201);
    assertThat(statuses.subList(20, 30)).containsOnly(200, 201).containsOnlyOnce(201);
    apps.forEach(app -> assertThat(broker.cronJobsOf(app)).hasSize(2));
    assertThat(broker.cronJobsOf(sharedApp)).hasSize(2);
  }

  @Test
  void concurrentBindsOfOneAppUnderDifferentIdsLeaveExactlyOneSchedule() throws Exception {
    String app = id();
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(() -> broker.bindSchedule(broker.newBinding(), app).status());
    }
    assertThat(AtOnce.run(calls)).containsOnlyOnce(201).containsOnly(201, 409);
    assertThat(broker.cronJobsOf(app)).hasSize(2);
  }

  @Test
  void foreignObjectInTheWayOfTheSecondCronJobIs409AndLeavesNothingBehind() {
    String app = id();
    broker
        .client()
        .resource(
            new CronJobBuilder()
                .withNewMetadata()
                .withName("cfmr-appstop-" + app)
                .withNamespace(BrokerHarness.NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withSchedule("@daily")
                .endSpec()
                .build())
        .create();
    int records = bindingRecords();
    String binding = broker.newBinding();
    Response response = broker.bindSchedule(binding, app);
    assertThat(response.status()).as(response.text()).isEqualTo(409);
    assertThat(broker.cronJob("cfmr-appstart-" + app)).isNull();
    assertThat(bindingRecords()).isEqualTo(records);
    assertThat(broker.unbindSchedule(binding).status()).isEqualTo(410);
  }

  @Test
  void kubernetesRefusingTheSecondCronJobIs5xxAndLeavesNothingBehind() {
    broker
        .server()
        .expect()
        .post()
        .withPath("/fault/cronjobs")
        .andReturn(
            422,
            """
            {"kind":"Status","apiVersion":"v1","status":"Failure",
             "message":"CronJob is invalid","reason":"Invalid","code":422}""")
        .always();
    KubernetesClient faulty =
        broker
            .server()
            .createClient(
                b ->
                    b.withHttpClientBuilderConsumer(
                        h -> h.addOrReplaceInterceptor("fault", new RefuseStopCronJob())));
    Broker replica = broker.startBroker(SchedulerMode.CRONJOB, faulty);
    try {
      Endpoint second = broker.at(replica);
      String app = id();
      int records = bindingRecords();
      String binding = broker.newBinding();
      Response response = second.put(binding, bind(app, scheduleParameters(app)));
      assertThat(response.status()).as(response.text()).isBetween(500, 599);
      assertThat(response.json().get("error").asText()).isEqualTo("KubernetesApiError");
      assertThat(broker.cronJobsOf(app)).isEmpty();
      assertThat(bindingRecords()).isEqualTo(records);
      // Orphan mitigation: the Cloud Controller's DELETE after a 5xx is safe.
      assertThat(broker.unbindSchedule(binding).status()).isEqualTo(410);
      assertThat(second.get("/metrics").text())
          .contains("cfmr_broker_kubernetes_errors_total{operation=\"bind\"} 1.0");
    } finally {
      replica.close();
      faulty.close();
    }
  }

  @Test
  void deleteOfAHalfCreatedBindingIsSafe() {
    String app = id();
    String binding = broker.newBinding();
    assertThat(broker.bindSchedule(binding, app).status()).isEqualTo(201);
    // As if the broker died half-way: one CronJob gone.
    broker
        .client()
        .batch()
        .v1()
        .cronjobs()
        .inNamespace(BrokerHarness.NAMESPACE)
        .withName("cfmr-appstop-" + app)
        .delete();
    assertThat(broker.unbindSchedule(binding).status()).isEqualTo(200);
    assertThat(broker.cronJobsOf(app)).isEmpty();
    assertThat(broker.unbindSchedule(binding).status()).isEqualTo(410);
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
