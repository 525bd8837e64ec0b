package io.cfmr.toggler;

import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_ID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_SECRET;
import static io.cfmr.toggler.cf.FakeCloudFoundry.GUID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.TOKEN;
import static io.cfmr.toggler.cf.FakeCloudFoundry.calls;
import static io.cfmr.toggler.cf.FakeCloudFoundry.clientCredentialsGrant;
import static io.cfmr.toggler.cf.FakeCloudFoundry.getApp;
import static io.cfmr.toggler.cf.FakeCloudFoundry.uaaError;
import static io.cfmr.toggler.cf.FakeCloudFoundry.v3Action;
import static io.cfmr.toggler.cf.FakeCloudFoundry.v3Error;
import static io.cfmr.toggler.cf.FakeCloudFoundry.withToken;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cfmr.toggler.cf.FakeCloudFoundry;
import io.cfmr.toggler.cf.RetryPolicy;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The whole toggler in-process: command line in, Cloud Controller calls and one log line out. */
@EnableKubernetesMockClient(crud = true)
class MainTest {

  @RegisterExtension static WireMockExtension cc = FakeCloudFoundry.server();
  @RegisterExtension static WireMockExtension uaa = FakeCloudFoundry.server();

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static final RetryPolicy FAST =
      new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(40), 0.2);

  /** A Friday, 10:00:30 UTC: the reference schedule's start fired at 10:00, its stop at 09:59. */
  private static final Instant FRIDAY_10_00_30 = Instant.parse("2026-11-27T10:00:30Z");

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private FakeCloudFoundry cf;
  private Map<String, String> env;

  @BeforeEach
  void setUp() {
    cf = new FakeCloudFoundry(cc, uaa);
    env = new HashMap<>(Map.of("CF_API", cf.ccUrl(), "CF_CLIENT_ID", CLIENT_ID));
    env.put("CF_CLIENT_SECRET", CLIENT_SECRET);
    log.start();
    togglerLogger().addAppender(log);
  }

  @AfterEach
  void tearDown() {
    togglerLogger().detachAppender(log);
    cf.assertNothingUnmatched();
  }

  private static Logger togglerLogger() {
    return (Logger) LoggerFactory.getLogger("io.cfmr.toggler");
  }

  private int run(String... args) {
    return runAt(FRIDAY_10_00_30, args);
  }

  private int runAt(Instant now, String... args) {
    Main.Environment environment =
        new Main.Environment(env, Clock.fixed(now, ZoneOffset.UTC), server::createClient);
    return Main.run(args, environment, FAST);
  }

  /** The key-value pairs of the run's one log line. */
  private Map<String, Object> runLine() {
    assertThat(log.list).as("one log line per run").hasSize(1);
    return keyValues(log.list.get(0));
  }

  private static Map<String, Object> keyValues(ILoggingEvent line) {
    return line.getKeyValuePairs().stream().collect(Collectors.toMap(p -> p.key, p -> p.value));
  }

  private void appIs(String state) {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App(state)));
  }

  @Test
  void startWithEnvironmentCredentialsStartsTheAppAndLogsOneLine() {
    appIs("STOPPED");
    cc.stubFor(withToken(v3Action("start"), TOKEN).willReturn(cf.v3App("STARTED")));

    int exit = run("start", "--app-guid", GUID);

    assertThat(exit).isZero();
    assertThat(calls(cc)).contains("POST /v3/apps/" + GUID + "/actions/start");
    assertThat(runLine())
        .containsEntry("command", "start")
        .containsEntry("app_guid", GUID)
        .containsEntry("action", "start")
        .containsEntry("outcome", "changed")
        .containsEntry("attempts", 1)
        .containsKey("duration_ms");
  }

  @Test
  void stopAlreadyStoppedAppIsSuccessWithoutAnAction() {
    appIs("STOPPED");

    int exit = run("stop", "--app-guid", GUID);

    assertThat(exit).isZero();
    assertThat(calls(cc)).noneMatch(call -> call.startsWith("POST"));
    assertThat(runLine()).containsEntry("outcome", "already-in-state");
  }

  @Test
  void reconcileAppliesTheMostRecentFiring() {
    appIs("STOPPED");
    cc.stubFor(withToken(v3Action("start"), TOKEN).willReturn(cf.v3App("STARTED")));

    int exit =
        run("reconcile", "--app-guid", GUID, "--start", "*/2 * * * *", "--stop", "1/2 * * * *");

    assertThat(exit).isZero();
    assertThat(runLine()).containsEntry("command", "reconcile").containsEntry("action", "start");
  }

  @Test
  void reconcileCountsAFiringExactlyAtNow() {
    // The stop fires at 10:01:00 exactly: it has happened, so the app should be stopped.
    appIs("STARTED");
    cc.stubFor(withToken(v3Action("stop"), TOKEN).willReturn(cf.v3App("STOPPED")));

    int exit =
        runAt(
            Instant.parse("2026-11-27T10:01:00Z"),
            "reconcile",
            "--app-guid",
            GUID,
            "--start",
            "*/2 * * * *",
            "--stop",
            "1/2 * * * *");

    assertThat(exit).isZero();
    assertThat(runLine()).containsEntry("action", "stop").containsEntry("outcome", "changed");
  }

  @Test
  void reconcileReadsTheScheduleInItsTimezone() {
    // 10:00:30 UTC is 11:00:30 in Berlin: after the 11:00 stop there, before it in UTC.
    appIs("STARTED");
    cc.stubFor(withToken(v3Action("stop"), TOKEN).willReturn(cf.v3App("STOPPED")));

    int exit =
        run(
            "reconcile",
            "--app-guid",
            GUID,
            "--start",
            "0 8 * * *",
            "--stop",
            "0 11 * * *",
            "--timezone",
            "Europe/Berlin");

    assertThat(exit).isZero();
    assertThat(runLine()).containsEntry("action", "stop").containsEntry("outcome", "changed");
  }

  private int reconcileOfficeHoursOnChristmasDay(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "reconcile",
                "--app-guid",
                GUID,
                "--start",
                "0 8 * * *",
                "--stop",
                "0 18 * * *",
                "--timezone",
                "Europe/Berlin"));
    args.addAll(List.of(extra));
    return runAt(Instant.parse("2026-12-25T11:00:00Z"), args.toArray(String[]::new));
  }

  @Test
  void onAPublicHolidayReconcileKeepsTheAppStopped() {
    appIs("STOPPED");

    assertThat(reconcileOfficeHoursOnChristmasDay("--holidays", "DE")).isZero();

    assertThat(runLine())
        .containsEntry("action", "stop")
        .containsEntry("outcome", "already-in-state");
  }

  @Test
  void withoutHolidaysReconcileStartsTheAppOnChristmasDay() {
    appIs("STOPPED");
    cc.stubFor(withToken(v3Action("start"), TOKEN).willReturn(cf.v3App("STARTED")));

    assertThat(reconcileOfficeHoursOnChristmasDay()).isZero();

    assertThat(runLine()).containsEntry("action", "start").containsEntry("outcome", "changed");
  }

  @Test
  void aSkipDateHoldsBackTheStartLikeAHoliday() {
    appIs("STOPPED");

    assertThat(reconcileOfficeHoursOnChristmasDay("--skip-dates", "2026-12-24,2026-12-25"))
        .isZero();

    assertThat(runLine()).containsEntry("action", "stop");
  }

  @Test
  void aHeldAppIsNotToggledAndTheRunSucceeds() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(
        withToken(getApp(), TOKEN).willReturn(cf.v3AppHeldUntil("STARTED", "20991231T2359Z")));

    int exit = run("reconcile", "--app-guid", GUID, "--start", "0 8 * * *", "--stop", "0 9 * * *");

    assertThat(exit).isZero();
    assertThat(calls(cc)).noneMatch(call -> call.startsWith("POST"));
    assertThat(runLine()).containsEntry("action", "stop").containsEntry("outcome", "held");
  }

  @Test
  void aHoldThatHasEndedNoLongerHoldsTheApp() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(
        withToken(getApp(), TOKEN).willReturn(cf.v3AppHeldUntil("STARTED", "20000101T0000Z")));
    cc.stubFor(withToken(v3Action("stop"), TOKEN).willReturn(cf.v3App("STOPPED")));

    assertThat(run("stop", "--app-guid", GUID)).isZero();

    assertThat(runLine()).containsEntry("outcome", "changed");
  }

  @Test
  void anUnreadableHoldIsNoHoldAndAWarningNamesTheAppAndTheValue() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3AppHeldUntil("STARTED", "tonight")));
    cc.stubFor(withToken(v3Action("stop"), TOKEN).willReturn(cf.v3App("STOPPED")));

    assertThat(run("stop", "--app-guid", GUID)).isZero();

    assertThat(log.list).hasSize(2);
    ILoggingEvent warning = log.list.get(0);
    assertThat(warning.getLevel()).hasToString("WARN");
    assertThat(keyValues(warning))
        .containsEntry("app_guid", GUID)
        .containsEntry("value", "tonight");
    assertThat(keyValues(log.list.get(1))).containsEntry("outcome", "changed");
  }

  @Test
  void dryRunMakesNoCallAndNeedsNoCredentials() {
    env.clear();

    int exit = run("stop", "--app-guid", GUID, "--dry-run");

    assertThat(exit).isZero();
    assertThat(calls(cc)).isEmpty();
    assertThat(calls(uaa)).isEmpty();
    assertThat(runLine()).containsEntry("outcome", "dry-run").containsEntry("action", "stop");
  }

  @Test
  void credentialsFromAKubernetesSecretAreUsed() {
    env.clear();
    env.put("POD_NAMESPACE", "cfmr");
    client
        .secrets()
        .inNamespace("cfmr")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("cfmr-scheduler-credentials")
                .endMetadata()
                .withData(
                    Map.of(
                        "api", base64(cf.ccUrl()),
                        "client_id", base64(CLIENT_ID),
                        "client_secret", base64(CLIENT_SECRET)))
                .build())
        .create();
    appIs("STOPPED");
    cc.stubFor(withToken(v3Action("start"), TOKEN).willReturn(cf.v3App("STARTED")));

    int exit = run("start", "--app-guid", GUID, "--secret", "cfmr-scheduler-credentials");

    assertThat(exit).isZero();
    assertThat(runLine()).containsEntry("outcome", "changed");
  }

  @Test
  void missingCredentialsExitTwoAndCallNothing() {
    env.clear();

    int exit = run("start", "--app-guid", GUID);

    assertThat(exit).isEqualTo(2);
    assertThat(calls(cc)).isEmpty();
    assertThat(runLine())
        .containsEntry("outcome", "failed")
        .containsEntry("attempts", 0)
        .containsEntry("exit_code", 2)
        .hasEntrySatisfying("reason", r -> assertThat(r.toString()).contains("CF_API"));
  }

  @Test
  void rejectedCredentialsExitThree() {
    cf.discovery(true);
    uaa.stubFor(
        clientCredentialsGrant(CLIENT_ID, CLIENT_SECRET)
            .willReturn(uaaError(401, "invalid_client", "Bad credentials")));

    assertThat(run("start", "--app-guid", GUID)).isEqualTo(3);
    assertThat(runLine()).containsEntry("exit_code", 3);
  }

  @Test
  void unknownAppExitsFour() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(
        withToken(getApp(), TOKEN)
            .willReturn(v3Error(404, "CF-ResourceNotFound", 10010, "App not found")));

    assertThat(run("start", "--app-guid", GUID)).isEqualTo(4);
    assertThat(runLine())
        .containsEntry("attempts", 1)
        .hasEntrySatisfying("reason", r -> assertThat(r.toString()).contains(GUID));
  }

  @Test
  void unreachableCloudControllerExitsFiveWithinTheTimeout() {
    env.put("CF_API", "http://127.0.0.1:9");

    assertThat(run("start", "--app-guid", GUID, "--timeout", "1s")).isEqualTo(5);
    assertThat(runLine())
        .containsEntry("exit_code", 5)
        .hasEntrySatisfying("attempts", attempts -> assertThat((int) attempts).isGreaterThan(1));
  }

  @Test
  void badUsageExitsTwoBeforeAnythingRuns() {
    for (List<String> args :
        List.of(
            List.of("start"),
            List.of("start", "--app-guid", "backend"),
            List.of("flip", "--app-guid", GUID),
            List.of("reconcile", "--app-guid", GUID),
            List.of("reconcile", "--app-guid", GUID, "--start", "61 * * * *"),
            List.of("reconcile", "--app-guid", GUID, "--stop", "@daily", "--timezone", "Mars/X"),
            List.of("start", "--app-guid", GUID, "--timeout", "soon"),
            List.of("start", "--app-guid", GUID, "--api-version", "v4"),
            List.of("start", "--app-guid", GUID, "--log-format", "xml"),
            List.of("reconcile", "--app-guid", GUID, "--start", "@daily", "--holidays", "Bavaria"),
            List.of("reconcile", "--app-guid", GUID, "--start", "@daily", "--holidays", "DE-XY"),
            List.of(
                "reconcile", "--app-guid", GUID, "--start", "@daily", "--skip-dates", "24.12."))) {
      assertThat(run(args.toArray(String[]::new))).as("%s", args).isEqualTo(2);
    }
    assertThat(log.list).isEmpty();
    assertThat(calls(cc)).isEmpty();
  }

  @Test
  void helpAndVersionExitZero() {
    assertThat(run("--help")).isZero();
    assertThat(run("--version")).isZero();
    assertThat(run("reconcile", "--help")).isZero();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
