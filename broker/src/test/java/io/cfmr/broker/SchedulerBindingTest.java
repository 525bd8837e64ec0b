package io.cfmr.broker;

import static io.cfmr.broker.Requests.bind;
import static io.cfmr.broker.Requests.bindWithoutApp;
import static io.cfmr.broker.Requests.bindingPath;
import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionScheduler;
import static io.cfmr.broker.Requests.scheduleParameters;
import static io.cfmr.broker.Requests.schedulerDelete;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchedulerBindingTest {

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

  private static List<CronJob> cronJobsOf(String app) {
    return broker
        .client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace("cfmr")
        .withLabel("cloudfoundry.org/app_guid", app)
        .list()
        .getItems();
  }

  @Test
  void bindWithReferenceParametersCreatesTheCronJobPair() {
    String app = id();
    var response = broker.put(bindingPath(instance, id()), bind(app, scheduleParameters(app)));
    assertThat(response.status()).as(response.text()).isEqualTo(201);
    assertThat(response.json().isObject()).isTrue();
    assertThat(cronJobsOf(app))
        .extracting(job -> job.getMetadata().getName())
        .containsExactlyInAnyOrder("cfmr-appstart-" + app, "cfmr-appstop-" + app);
  }

  @Test
  void unbindDeletesTheBindingsCronJobs() {
    String app = id();
    String binding = bindingPath(instance, id());
    assertThat(broker.put(binding, bind(app, scheduleParameters(app))).status()).isEqualTo(201);
    assertThat(broker.delete(binding + schedulerDelete()).status()).isEqualTo(200);
    assertThat(cronJobsOf(app)).isEmpty();
    assertThat(broker.delete(binding + schedulerDelete()).status()).isEqualTo(410);
  }

  @Test
  void bindWithoutAnyAppIsRequiresApp() {
    var response =
        broker.put(
            bindingPath(instance, id()), bindWithoutApp("{\"cron\":{\"start\":\"@daily\"}}"));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().get("error").asText()).isEqualTo("RequiresApp");
  }

  @Test
  void bindWithInvalidCronIsRejectedAndCreatesNothing() {
    String app = id();
    var response =
        broker.put(
            bindingPath(instance, id()),
            bind(app, "{\"cron\":{\"start\":\"61 * * * *\",\"stop\":\"0 18 * * *\"}}"));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("description").asText()).contains("cron.start");
    assertThat(cronJobsOf(app)).isEmpty();
  }

  @Test
  void bindWithSecondsIsRejectedInCronJobModeAndCreatesNothing() {
    String app = id();
    var response =
        broker.put(
            bindingPath(instance, id()), bind(app, "{\"cron\":{\"start\":\"*/10 * * * * *\"}}"));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("description").asText())
        .contains("cron.start: expected 5 fields");
    assertThat(cronJobsOf(app)).isEmpty();
  }
}
