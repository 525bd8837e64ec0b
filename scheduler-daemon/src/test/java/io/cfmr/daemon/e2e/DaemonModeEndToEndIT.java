package io.cfmr.daemon.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cfmr.broker.Requests.bind;
import static io.cfmr.broker.Requests.bindingPath;
import static io.cfmr.broker.Requests.cronParameters;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionScheduler;
import static io.cfmr.toggler.cf.FakeCloudFoundry.APP_PATH;
import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_ID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_SECRET;
import static io.cfmr.toggler.cf.FakeCloudFoundry.GUID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.TOKEN;
import static io.cfmr.toggler.cf.FakeCloudFoundry.getApp;
import static io.cfmr.toggler.cf.FakeCloudFoundry.v3Action;
import static io.cfmr.toggler.cf.FakeCloudFoundry.withToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.cfmr.broker.BrokerHarness;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.cfmr.toggler.cf.FakeCloudFoundry;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daemon mode end to end: the broker with {@code SCHEDULER_MODE=daemon} turns a bind into a
 * schedule ConfigMap; the daemon's fat jar, watching ConfigMaps on the same (mock) Kubernetes API,
 * flips the app on a fake Cloud Controller; after unbind it stops.
 */
class DaemonModeEndToEndIT {

  @RegisterExtension static WireMockExtension cc = FakeCloudFoundry.server();
  @RegisterExtension static WireMockExtension uaa = FakeCloudFoundry.server();

  private static final Path DAEMON_JAR = Paths.get("target", "scheduler-daemon.jar");
  @RegisterExtension static final BrokerHarness broker = BrokerHarness.inMode(SchedulerMode.DAEMON);

  private static final String INSTANCE = instancePath("cfmr-scheduler-1");
  private static final String BINDING = bindingPath("cfmr-scheduler-1", "backend-1");

  /** The app's state on the fake Cloud Controller, as a WireMock scenario. */
  private static final String APP = "app";

  private static final String RUNNING = "running";

  private final FakeCloudFoundry cf = new FakeCloudFoundry(cc, uaa);
  private Process daemon;

  @AfterEach
  void stopDaemon() throws Exception {
    if (daemon != null && daemon.isAlive()) {
      daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSixFieldBindFlipsTheAppWithinSecondsAndUnbindStopsIt(@TempDir Path dir) throws Exception {
    fakeAppThatRemembersItsState();
    broker.storeCredentialsSecret(cf.ccUrl(), CLIENT_ID, CLIENT_SECRET);
    assertThat(broker.put(INSTANCE, provisionScheduler()).status()).isEqualTo(201);
    var bound = broker.put(BINDING, bind(GUID, cronParameters("*/4 * * * * *", "2/4 * * * * *")));
    assertThat(bound.status()).as(bound.text()).isEqualTo(201);
    assertThat(broker.scheduleConfigMap(GUID)).isNotNull();

    daemon = startDaemon(dir);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(posts("start")).isGreaterThanOrEqualTo(2);
              assertThat(posts("stop")).isGreaterThanOrEqualTo(2);
            });

    assertThat(broker.unbindSchedule(BINDING).status()).isEqualTo(200);
    // The informer sees the ConfigMap go within seconds; after that, nothing fires.
    Thread.sleep(5_000);
    int starts = posts("start");
    int stops = posts("stop");
    Thread.sleep(6_000);
    assertThat(posts("start")).isEqualTo(starts);
    assertThat(posts("stop")).isEqualTo(stops);

    daemon.destroy(); // SIGTERM: finish in-flight toggles, exit 0
    assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.exitValue()).isZero();
    String log = Files.readString(dir.resolve("daemon.log"));
    assertThat(log).contains("app_guid=" + GUID).doesNotContain(CLIENT_SECRET, TOKEN);
  }

  private int posts(String action) {
    return cc.countRequestsMatching(
            postRequestedFor(urlEqualTo(APP_PATH + "/actions/" + action)).build())
        .getCount();
  }

  /** GET answers the state the last action set; the app starts out STOPPED. */
  private void fakeAppThatRemembersItsState() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(
        withToken(getApp(), TOKEN)
            .inScenario(APP)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(cf.v3App("STOPPED")));
    cc.stubFor(
        withToken(getApp(), TOKEN)
            .inScenario(APP)
            .whenScenarioStateIs(RUNNING)
            .willReturn(cf.v3App("STARTED")));
    cc.stubFor(
        withToken(v3Action("start"), TOKEN)
            .inScenario(APP)
            .willSetStateTo(RUNNING)
            .willReturn(cf.v3App("STARTED")));
    cc.stubFor(
        withToken(v3Action("stop"), TOKEN)
            .inScenario(APP)
            .willSetStateTo(Scenario.STARTED)
            .willReturn(cf.v3App("STOPPED")));
  }

  private Process startDaemon(Path dir) throws Exception {
    Path kubeconfig = broker.writeKubeconfig(dir);
    ProcessBuilder builder =
        new ProcessBuilder(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            DAEMON_JAR.toString(),
            "--kubernetes",
            "--namespace",
            "cfmr",
            "--secret",
            "cfmr-scheduler-credentials",
            "--metrics-port",
            "0");
    builder.environment().clear();
    builder
        .environment()
        .putAll(Map.of("KUBECONFIG", kubeconfig.toString(), "HOME", dir.toString()));
    File log = dir.resolve("daemon.log").toFile();
    builder.redirectErrorStream(true).redirectOutput(log);
    return builder.start();
  }

  static {
    if (!Files.isRegularFile(DAEMON_JAR)) {
      throw new IllegalStateException(
          "run with `mvn verify`: " + DAEMON_JAR + " is built by package");
    }
  }
}
