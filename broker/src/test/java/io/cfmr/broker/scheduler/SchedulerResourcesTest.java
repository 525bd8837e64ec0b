package io.cfmr.broker.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfmr.broker.kube.ApiServerRules;
import io.cfmr.broker.kube.ExpectedYaml;
import io.cfmr.broker.kube.Owner;
import io.cfmr.broker.osb.Json;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.CronSyntax;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchedulerResourcesTest {

  static final TogglerSettings SETTINGS =
      new TogglerSettings(
          "cfmr",
          "registry.example.com/cfmr/toggler-job:1.0.0",
          "cfmr-scheduler-credentials",
          "cfmr-toggler");
  static final Owner OWNER = new Owner("instance-1", "binding-1");
  static final String APP = "cb203632-efaf-47f1-ae65-68b856a28c6f";

  static Schedule schedule(String json) {
    return ScheduleJson.parse(
        Json.read(json, JsonNode.class), CronSyntax.KUBERNETES, Optional.of(new AppGuid(APP)));
  }

  @Test
  void referenceScheduleBecomesTheExpectedCronJobPair() {
    List<CronJob> jobs =
        SchedulerResources.cronJobs(
            schedule("{\"cron\":{\"start\":\"*/2 * * * *\",\"stop\":\"1/2 * * * *\"}}"),
            OWNER,
            SETTINGS);
    assertThat(jobs).hasSize(2);
    ExpectedYaml.assertMatches(jobs.get(0), "cronjob-appstart");
    ExpectedYaml.assertMatches(jobs.get(1), "cronjob-appstop");
    jobs.forEach(ApiServerRules::assertValid);
  }

  @Test
  void zoneSuspendAndDryRunReachTheCronJob() {
    CronJob job =
        SchedulerResources.cronJobs(
                schedule(
                    "{\"cron\":{\"stop\":\"0 18 * * MON-FRI\",\"timezone\":\"Europe/Berlin\","
                        + "\"suspend\":true,\"dry-run\":true}}"),
                OWNER,
                SETTINGS)
            .get(0);
    assertThat(job.getMetadata().getName()).isEqualTo("cfmr-appstop-" + APP);
    assertThat(job.getSpec().getTimeZone()).isEqualTo("Europe/Berlin");
    assertThat(job.getSpec().getSuspend()).isTrue();
    assertThat(command(job))
        .containsSubsequence("--stop", "0 18 * * MON-FRI", "--timezone", "Europe/Berlin")
        .contains("--dry-run")
        .doesNotContain("--start");
    ApiServerRules.assertValid(job);
  }

  @Test
  void holidaysAndSkipDatesReachBothCronJobsCommands() {
    List<CronJob> jobs =
        SchedulerResources.cronJobs(
            schedule(
                "{\"cron\":{\"start\":\"0 8 * * *\",\"stop\":\"0 18 * * *\","
                    + "\"holidays\":\"de-by\",\"skip-dates\":[\"2026-12-31\",\"2026-12-24\"]}}"),
            OWNER,
            SETTINGS);

    assertThat(jobs)
        .allSatisfy(
            job ->
                assertThat(command(job))
                    .containsSubsequence(
                        "--holidays", "DE-BY", "--skip-dates", "2026-12-24,2026-12-31"));
  }

  private static List<String> command(CronJob job) {
    return job.getSpec()
        .getJobTemplate()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getCommand();
  }

  private static List<CronJob> dailyStartCronJobs() {
    return SchedulerResources.cronJobs(
        schedule("{\"cron\":{\"start\":\"@daily\"}}"), OWNER, SETTINGS);
  }

  @Test
  void jobsRetryForAtLeastHalfAnHourAndTheJobOutlastsTheRetries() {
    CronJob job =
        SchedulerResources.cronJobs(schedule("{\"cron\":{\"stop\":\"@daily\"}}"), OWNER, SETTINGS)
            .get(0);
    JobSpec spec = job.getSpec().getJobTemplate().getSpec();
    assertThat(spec.getTemplate().getSpec().getContainers().get(0).getCommand())
        .containsSubsequence("--timeout", "30m");
    assertThat(Duration.ofSeconds(spec.getActiveDeadlineSeconds()))
        .isGreaterThan(Duration.ofMinutes(30));
  }

  @Test
  void oneSidedScheduleMakesOnlyThatSidesCronJob() {
    assertThat(dailyStartCronJobs())
        .extracting(job -> job.getMetadata().getName())
        .containsExactly("cfmr-appstart-" + APP);
  }

  @Test
  void defaultZoneIsWrittenAsTheIanaNameUtc() {
    assertThat(dailyStartCronJobs())
        .extracting(job -> job.getSpec().getTimeZone())
        .containsExactly("UTC");
  }

  @Test
  void roleAllowsOnlyGetOnTheOneSecret() {
    ExpectedYaml.assertMatches(SchedulerResources.role(SETTINGS), "role");
    ApiServerRules.assertValid(SchedulerResources.role(SETTINGS));
  }

  @Test
  void roleBindingNamesTheRbacGroupAndTheServiceAccountsNamespace() {
    ExpectedYaml.assertMatches(SchedulerResources.roleBinding(SETTINGS), "rolebinding");
    ApiServerRules.assertValid(SchedulerResources.roleBinding(SETTINGS));
  }

  @Test
  void daemonModeConfigMapHoldsTheScheduleJsonTheDaemonReads() {
    ConfigMap map =
        SchedulerResources.scheduleConfigMap(
            schedule("{\"cron\":{\"start\":\"*/2 * * * *\",\"stop\":\"1/2 * * * *\"}}"),
            OWNER,
            SETTINGS);
    ExpectedYaml.assertMatches(map, "configmap-schedule");
    ApiServerRules.assertValid(map);
    Schedule reread =
        ScheduleJson.parse(
            Json.read(map.getData().get("schedule.json"), JsonNode.class),
            CronSyntax.KUBERNETES,
            Optional.empty());
    assertThat(reread.appGuid().value()).isEqualTo(APP);
  }
}
