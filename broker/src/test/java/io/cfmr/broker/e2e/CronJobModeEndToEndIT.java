package io.cfmr.broker.e2e;

import static io.cfmr.broker.Requests.bindingPath;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionScheduler;
import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_ID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_SECRET;
import static io.cfmr.toggler.cf.FakeCloudFoundry.GUID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.TOKEN;
import static io.cfmr.toggler.cf.FakeCloudFoundry.calls;
import static io.cfmr.toggler.cf.FakeCloudFoundry.getApp;
import static io.cfmr.toggler.cf.FakeCloudFoundry.v3Action;
import static io.cfmr.toggler.cf.FakeCloudFoundry.withToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cfmr.broker.BrokerHarness;
import io.cfmr.broker.Requests;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.schedule.CronSpec;
import io.cfmr.schedule.CronSyntax;
import io.cfmr.schedule.Schedule;
import io.cfmr.toggler.cf.FakeCloudFoundry;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cronjob mode end to end: the reference's {@code cf create-service} and {@code cf bind-service}
 * against the broker on a real port over the mock Kubernetes API, then the created CronJob's exact
 * container command run as a child process, with the toggler fat jar, the credentials Secret read
 * through the (mock) Kubernetes API, and a fake Cloud Controller holding the app.
 */
class CronJobModeEndToEndIT {

  @RegisterExtension static WireMockExtension cc = FakeCloudFoundry.server();
  @RegisterExtension static WireMockExtension uaa = FakeCloudFoundry.server();

  private static final Path TOGGLER_JAR =
      Paths.get("..", "toggler-job", "target", "toggler-job.jar");

  @RegisterExtension
  static final BrokerHarness broker = BrokerHarness.inMode(SchedulerMode.CRONJOB);

  private static final String INSTANCE = instancePath("cfmr-scheduler-1");
  private static final String BINDING = bindingPath("cfmr-scheduler-1", "backend-1");

  /** The reference schedule's expressions, as {@link Requests#scheduleParameters} sends them. */
  private static final String START = "*/2 * * * *";

  private static final String STOP = "1/2 * * * *";

  private final FakeCloudFoundry cf = new FakeCloudFoundry(cc, uaa);

  @Test
  void bindCreatesCronJobsWhoseCommandTogglesTheAppAndUnbindRemovesThem(@TempDir Path dir)
      throws Exception {
    broker.storeCredentialsSecret(cf.ccUrl(), CLIENT_ID, CLIENT_SECRET);
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    // The reference schedule flips every minute; keep clear of a flip while the toggler runs, and
    // hold the app in the other state than the one the schedule wants now.
    waitUntilClearOfAMinuteBoundary();
    AppState wanted = stateAt(Instant.now());
    AppState other = wanted == AppState.STARTED ? AppState.STOPPED : AppState.STARTED;
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App(other.name())));
    cc.stubFor(withToken(v3Action(wanted.action()), TOKEN).willReturn(cf.v3App(wanted.name())));

    assertThat(broker.put(INSTANCE, provisionScheduler()).status()).isEqualTo(201);
    assertThat(broker.bindSchedule(BINDING, GUID).status()).isEqualTo(201);
    List<CronJob> cronJobs = broker.cronJobsOf(GUID);
    assertThat(cronJobs)
        .extracting(job -> job.getMetadata().getName())
        .containsExactlyInAnyOrder("cfmr-appstart-" + GUID, "cfmr-appstop-" + GUID);

    Process toggler = containerCommand(cronJobs.get(0), dir).start();
    String out = new String(toggler.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(toggler.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(toggler.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(toggler.exitValue()).as("toggler output: %s %s", out, err).isZero();
    assertThat(calls(cc))
        .filteredOn(call -> call.startsWith("POST"))
        .containsExactly("POST /v3/apps/" + GUID + "/actions/" + wanted.action());
    assertThat(out).contains("outcome=changed").doesNotContain(CLIENT_SECRET, TOKEN);
    cf.assertNothingUnmatched();

    assertThat(broker.unbindSchedule(BINDING).status()).isEqualTo(200);
    assertThat(broker.cronJobsOf(GUID)).isEmpty();
  }

  private static void waitUntilClearOfAMinuteBoundary() throws InterruptedException {
    int second = Instant.now().atZone(ZoneId.of("UTC")).getSecond();
    if (second >= 40) {
      Thread.sleep((61 - second) * 1000L);
    }
  }

  private static AppState stateAt(Instant at) {
    Schedule schedule =
        new Schedule(
            new AppGuid(GUID),
            Optional.of(CronSpec.parse("start", START, CronSyntax.KUBERNETES)),
            Optional.of(CronSpec.parse("stop", STOP, CronSyntax.KUBERNETES)),
            false,
            ZoneId.of("UTC"),
            false);
    return schedule.lastFiringAtOrBefore(at).orElseThrow().state();
  }

  /** The CronJob's container command as Kubernetes would run it, on this machine. */
  private ProcessBuilder containerCommand(CronJob cronJob, Path dir) throws Exception {
    var container =
        cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
    List<String> command = new ArrayList<>(container.getCommand());
    if (container.getArgs() != null) {
      command.addAll(container.getArgs());
    }
    assertThat(command.subList(0, 3)).containsExactly("java", "-jar", "/app/toggler-job.jar");
    command.set(0, Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.set(2, TOGGLER_JAR.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    // What the pod gets: POD_NAMESPACE from the downward API, and a way to reach the API server.
    builder.environment().put("POD_NAMESPACE", "cfmr");
    builder.environment().put("KUBECONFIG", broker.writeKubeconfig(dir).toString());
    builder.environment().put("HOME", dir.toString());
    return builder;
  }
}
