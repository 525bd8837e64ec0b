package io.cfmr.broker;

import static io.cfmr.broker.Requests.bind;
import static io.cfmr.broker.Requests.bindWithoutApp;
import static io.cfmr.broker.Requests.id;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.broker.scheduler.SchedulerMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SchedulerBindingTest {

  @RegisterExtension
  static final BrokerHarness broker =
      BrokerHarness.inMode(SchedulerMode.CRONJOB).withSchedulerInstance();

  @Test
  void bindWithReferenceParametersCreatesTheCronJobPair() {
    String app = id();
    var response = broker.bindSchedule(broker.newBinding(), app);
    assertThat(response.status()).as(response.text()).isEqualTo(201);
    assertThat(response.json().isObject()).isTrue();
    assertThat(broker.cronJobsOf(app))
        .extracting(job -> job.getMetadata().getName())
        .containsExactlyInAnyOrder("cfmr-appstart-" + app, "cfmr-appstop-" + app);
  }

  @Test
  void unbindDeletesTheBindingsCronJobs() {
    String app = id();
    String binding = broker.newBinding();
    assertThat(broker.bindSchedule(binding, app).status()).isEqualTo(201);
    assertThat(broker.unbindSchedule(binding).status()).isEqualTo(200);
    assertThat(broker.cronJobsOf(app)).isEmpty();
    assertThat(broker.unbindSchedule(binding).status()).isEqualTo(410);
  }

  @Test
  void bindWithoutAnyAppIsRequiresApp() {
    var response = broker.put(broker.newBinding(), bindWithoutApp(Requests.cronStart("@daily")));
    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().get("error").asText()).isEqualTo("RequiresApp");
  }

  @Test
  void bindWithInvalidCronIsRejectedAndCreatesNothing() {
    String app = id();
    var response =
        broker.put(
            broker.newBinding(), bind(app, Requests.cronParameters("61 * * * *", "0 18 * * *")));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("description").asText()).contains("cron.start");
    assertThat(broker.cronJobsOf(app)).isEmpty();
  }

  @Test
  void bindWithSecondsIsRejectedInCronJobModeAndCreatesNothing() {
    String app = id();
    var response =
        broker.put(broker.newBinding(), bind(app, "{\"cron\":{\"start\":\"*/10 * * * * *\"}}"));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("description").asText())
        .contains("cron.start: expected 5 fields");
    assertThat(broker.cronJobsOf(app)).isEmpty();
  }

  @Test
  void bindWithChaosIsRejectedInCronJobModeSayingWhy() {
    String app = id();
    var response =
        broker.put(
            broker.newBinding(),
            bind(
                app,
                "{\"cron\":{\"chaos\":{\"uptime-percent\":50,\"period\":\"10m\",\"seed\":42}}}"));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("description").asText())
        .contains("cron.chaos: is only for the daemon");
    assertThat(broker.cronJobsOf(app)).isEmpty();
  }

  @Test
  void bindWithAnUnknownHolidayCalendarIsRejectedNamingTheFieldWithExamples() {
    String app = id();
    var response =
        broker.put(
            broker.newBinding(),
            bind(app, "{\"cron\":{\"start\":\"0 8 * * *\",\"holidays\":\"DE-XY\"}}"));
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("description").asText()).contains("cron.holidays", "DE-BY");
    assertThat(broker.cronJobsOf(app)).isEmpty();
  }
}
