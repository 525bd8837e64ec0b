package io.cfmr.daemon.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cfmr.toggler.cf.FakeCloudFoundry.APP_PATH;
import static io.cfmr.toggler.cf.FakeCloudFoundry.GUID;
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
import org.junit.jupiter.api.BeforeEach;
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
  private static final String CLIENT_ID = "cfmr-scheduler";
  private static final String CLIENT_SECRET = "cl1ent-s3cret-value";
  private static final String TOKEN = "access-token-one";
  private static final String INSTANCE = "/v2/service_instances/cfmr-scheduler-1";
  private static final String BINDING = INSTANCE + "/service_bindings/backend-1";

  /** The app's state on the fake Cloud Controller, as a WireMock scenario. */
  private static final String APP = "app";

  private static final String RUNNING = "running";

  private BrokerHarness broker;
  private FakeCloudFoundry cf;
  private Process daemon;

  @BeforeEach
  void setUp() {
    broker = BrokerHarness.start(SchedulerMode.DAEMON);
    cf = new FakeCloudFoundry(cc, uaa);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (daemon != null && daemon.isAlive()) {
      daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    broker.close();
  }

  @Test
  void aSixFieldBindFlipsTheAppWithinSecondsAndUnbindStopsIt(@TempDir Path dir) throws Exception {
    fakeAppThatRemembersItsState();
    broker.storeCredentialsSecret(cf.ccUrl(), CLIENT_ID, CLIENT_SECRET);
    assertThat(broker.put(INSTANCE, provision()).status()).isEqualTo(201);
    var bound = broker.put(BINDING, bind("*/4 * * * * *", "2/4 * * * * *"));
    assertThat(bound.status()).as(bound.text()).isEqualTo(201);
    assertThat(
            broker.client.configMaps().inNamespace("cfmr").withName("cfmr-schedule-" + GUID).get())
        .isNotNull();

    daemon = startDaemon(dir);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(posts("start")).isGreaterThanOrEqualTo(2);
              assertThat(posts("stop")).isGreaterThanOrEqualTo(2);
            });

    assertThat(broker.delete(BINDING + deleteQuery()).status()).isEqualTo(200);
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

  private static String provision() {
    return "{\"service_id\":\"%s\",\"plan_id\":\"%s\",\"organization_guid\":\"org\",\"space_guid\":\"space\"}"
        .formatted(BrokerHarness.SCHEDULER_ID, BrokerHarness.APPSTATE_ID);
  }

  private static String bind(String start, String stop) {
    return ("{\"service_id\":\"%s\",\"plan_id\":\"%s\",\"bind_resource\":{\"app_guid\":\"%s\"},"
            + "\"parameters\":{\"cron\":{\"start\":\"%s\",\"stop\":\"%s\"}}}")
        .formatted(BrokerHarness.SCHEDULER_ID, BrokerHarness.APPSTATE_ID, GUID, start, stop);
  }

  private static String deleteQuery() {
    return "?service_id=%s&plan_id=%s"
        .formatted(BrokerHarness.SCHEDULER_ID, BrokerHarness.APPSTATE_ID);
  }

  static {
    if (!Files.isRegularFile(DAEMON_JAR)) {
      throw new IllegalStateException(
          "run with `mvn verify`: " + DAEMON_JAR + " is built by package");
    }
  }
}
