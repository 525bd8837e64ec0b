package io.cfmr.toggler.cf;

import static io.cfmr.toggler.cf.FakeCloudFoundry.APP_PATH;
import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_ID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_SECRET;
import static io.cfmr.toggler.cf.FakeCloudFoundry.GUID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.TOKEN;
import static io.cfmr.toggler.cf.FakeCloudFoundry.V2_APP_PATH;
import static io.cfmr.toggler.cf.FakeCloudFoundry.calls;
import static io.cfmr.toggler.cf.FakeCloudFoundry.clientCredentialsGrant;
import static io.cfmr.toggler.cf.FakeCloudFoundry.getApp;
import static io.cfmr.toggler.cf.FakeCloudFoundry.getV2App;
import static io.cfmr.toggler.cf.FakeCloudFoundry.passwordGrant;
import static io.cfmr.toggler.cf.FakeCloudFoundry.putV2App;
import static io.cfmr.toggler.cf.FakeCloudFoundry.uaaError;
import static io.cfmr.toggler.cf.FakeCloudFoundry.v3Action;
import static io.cfmr.toggler.cf.FakeCloudFoundry.v3Error;
import static io.cfmr.toggler.cf.FakeCloudFoundry.withToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import io.cfmr.toggler.TogglerException;
import io.cfmr.toggler.TogglerException.Failure;
import io.cfmr.toggler.credentials.CfCredentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AppStateClientTest {

  @RegisterExtension static WireMockExtension cc = FakeCloudFoundry.server();
  @RegisterExtension static WireMockExtension uaa = FakeCloudFoundry.server();

  static final AppGuid APP = new AppGuid(GUID);
  static final String USER = "scheduler-bot";
  static final String PASSWORD = "pa55w0rd-value";
  static final String FRESH_TOKEN = "access-token-two";
  static final RetryPolicy FAST =
      new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(40), 0.2);
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  FakeCloudFoundry cf;

  @BeforeEach
  void setUp() {
    cf = new FakeCloudFoundry(cc, uaa);
  }

  @AfterEach
  void nothingUnmatched() {
    cf.assertNothingUnmatched();
  }

  // --- grants and API versions ---------------------------------------------------------------

  @Test
  void clientCredentialsGrantAuthenticatesAsTheClientAndStartsTheAppThroughV3() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App("STOPPED")));
    cc.stubFor(withToken(v3Action("start"), TOKEN).willReturn(cf.v3App("STARTED")));

    ToggleResult result = toggle(clientCredentials(), ApiVersion.V3, AppState.STARTED);

    assertThat(result).isEqualTo(new ToggleResult(AppState.STARTED, ToggleOutcome.CHANGED, 1));
    assertThat(calls(uaa)).containsExactly("POST /oauth/token");
    // cf-java-client 5.15 reads the root once per endpoint it looks up (v3, then the UAA, which
    // the root does not link, so /v2/info names it).
    assertThat(calls(cc))
        .containsExactly(
            "GET /",
            "GET /",
            "GET /v2/info",
            "GET " + APP_PATH,
            "POST " + APP_PATH + "/actions/start");
  }

  @Test
  void passwordGrantUsesTheCfClientWithAnEmptySecretAndStopsTheAppThroughV3() {
    cf.discovery(true);
    uaa.stubFor(passwordGrant("cf", "", USER, PASSWORD).willReturn(cf.token(TOKEN)));
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App("STARTED")));
    cc.stubFor(withToken(v3Action("stop"), TOKEN).willReturn(cf.v3App("STOPPED")));

    ToggleResult result =
        toggle(password(Optional.empty(), Optional.empty()), ApiVersion.V3, AppState.STOPPED);

    assertThat(result).isEqualTo(new ToggleResult(AppState.STOPPED, ToggleOutcome.CHANGED, 1));
    assertThat(calls(uaa)).containsExactly("POST /oauth/token");
    assertThat(calls(cc))
        .contains("GET " + APP_PATH, "POST " + APP_PATH + "/actions/stop")
        .doesNotContain("POST " + APP_PATH + "/actions/start");
  }

  @Test
  void passwordGrantUsesTheGivenClientWhenOneIsConfigured() {
    cf.discovery(true);
    uaa.stubFor(
        passwordGrant(CLIENT_ID, CLIENT_SECRET, USER, PASSWORD).willReturn(cf.token(TOKEN)));
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App("STOPPED")));

    ToggleResult result =
        toggle(
            password(Optional.of(CLIENT_ID), Optional.of(CLIENT_SECRET)),
            ApiVersion.V3,
            AppState.STOPPED);

    assertThat(result.outcome()).isEqualTo(ToggleOutcome.ALREADY_IN_STATE);
  }

  @Test
  void v3AppAlreadyInTheDesiredStateMakesNoActionCall() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App("STARTED")));

    ToggleResult result = toggle(clientCredentials(), ApiVersion.V3, AppState.STARTED);

    assertThat(result)
        .isEqualTo(new ToggleResult(AppState.STARTED, ToggleOutcome.ALREADY_IN_STATE, 1));
    assertThat(calls(cc))
        .doesNotContain("POST " + APP_PATH + "/actions/start")
        .filteredOn(call -> call.startsWith("POST"))
        .isEmpty();
  }

  @Test
  void v2StartPutsStateStartedWhenTheAppIsStopped() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(withToken(getV2App(), TOKEN).willReturn(cf.v2App(200, "STOPPED")));
    cc.stubFor(withToken(putV2App("STARTED"), TOKEN).willReturn(cf.v2App(201, "STARTED")));

    ToggleResult result = toggle(clientCredentials(), ApiVersion.V2, AppState.STARTED);

    assertThat(result).isEqualTo(new ToggleResult(AppState.STARTED, ToggleOutcome.CHANGED, 1));
    assertThat(calls(cc))
        .endsWith("GET " + V2_APP_PATH, "PUT " + V2_APP_PATH)
        .noneMatch(call -> call.contains("/v3/"));
  }

  @Test
  void v2StopPutsStateStoppedWhenTheAppIsStarted() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(withToken(getV2App(), TOKEN).willReturn(cf.v2App(200, "STARTED")));
    cc.stubFor(withToken(putV2App("STOPPED"), TOKEN).willReturn(cf.v2App(201, "STOPPED")));

    ToggleResult result = toggle(clientCredentials(), ApiVersion.V2, AppState.STOPPED);

    assertThat(result).isEqualTo(new ToggleResult(AppState.STOPPED, ToggleOutcome.CHANGED, 1));
    assertThat(calls(cc)).endsWith("GET " + V2_APP_PATH, "PUT " + V2_APP_PATH);
  }

  @Test
  void v2AppAlreadyInTheDesiredStateMakesNoPut() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(withToken(getV2App(), TOKEN).willReturn(cf.v2App(200, "STOPPED")));

    ToggleResult result = toggle(clientCredentials(), ApiVersion.V2, AppState.STOPPED);

    assertThat(result.outcome()).isEqualTo(ToggleOutcome.ALREADY_IN_STATE);
    assertThat(calls(cc)).noneMatch(call -> call.startsWith("PUT"));
  }

  @Test
  void autoPicksV3WhenTheRootAdvertisesCloudControllerV3() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App("STOPPED")));
    cc.stubFor(withToken(v3Action("start"), TOKEN).willReturn(cf.v3App("STARTED")));

    ToggleResult result = toggle(clientCredentials(), ApiVersion.AUTO, AppState.STARTED);

    assertThat(result.outcome()).isEqualTo(ToggleOutcome.CHANGED);
    // The root read that decided for v3 also gave the v3 URL: no third read.
    assertThat(calls(cc))
        .containsExactly(
            "GET /",
            "GET /",
            "GET /v2/info",
            "GET " + APP_PATH,
            "POST " + APP_PATH + "/actions/start");
  }

  @Test
  void autoPicksV2WhenTheRootDoesNotAdvertiseCloudControllerV3() {
    cf.discovery(false);
    uaa.stubFor(clientCredentialsGrant(CLIENT_ID, CLIENT_SECRET).willReturn(cf.token(TOKEN)));
    cc.stubFor(withToken(getV2App(), TOKEN).willReturn(cf.v2App(200, "STOPPED")));
    cc.stubFor(withToken(putV2App("STARTED"), TOKEN).willReturn(cf.v2App(201, "STARTED")));

    ToggleResult result = toggle(clientCredentials(), ApiVersion.AUTO, AppState.STARTED);

    assertThat(result.outcome()).isEqualTo(ToggleOutcome.CHANGED);
    assertThat(calls(cc))
        .endsWith("GET " + V2_APP_PATH, "PUT " + V2_APP_PATH)
        .noneMatch(call -> call.contains("/v3/"));
  }

  @Test
  void oneClientServesConcurrentTogglesWithOneTokenAndOneDiscovery() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App("STARTED")));

    java.util.concurrent.atomic.AtomicInteger tokenRequests =
        new java.util.concurrent.atomic.AtomicInteger();

    ClientEvents counting =
        new ClientEvents() {
          @Override
          public void tokenRequested() {
            tokenRequests.incrementAndGet();
          }
        };
    try (AppStateClient client =
        AppStateClient.create(clientCredentials(), ApiVersion.AUTO, FAST, counting)) {
      java.util.List<ToggleResult> results =
          reactor.core.publisher.Flux.range(0, 8)
              .flatMap(i -> client.setState(APP, AppState.STARTED, TIMEOUT))
              .collectList()
              .block();
      assertThat(results).hasSize(8).allMatch(r -> r.outcome() == ToggleOutcome.ALREADY_IN_STATE);
    }
    assertThat(calls(uaa)).containsExactly("POST /oauth/token");
    assertThat(tokenRequests).as("the token-request hook sees what the UAA saw").hasValue(1);
    assertThat(calls(cc))
        .filteredOn(call -> !call.equals("GET " + APP_PATH))
        .containsExactly("GET /", "GET /", "GET /v2/info");
  }

  // --- failures -------------------------------------------------------------------------------

  @Test
  void appNotFoundIsAppAccessNamingTheGuid() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(getApp().willReturn(v3Error(404, "CF-ResourceNotFound", 10010, "App not found")));

    TogglerException e = failure(clientCredentials(), ApiVersion.V3, AppState.STARTED, TIMEOUT);

    assertThat(e.failure()).isEqualTo(Failure.APP_ACCESS);
    assertThat(e.getMessage()).contains(GUID).contains("not found");
    assertThat(calls(cc)).containsOnlyOnce("GET " + APP_PATH);
  }

  @Test
  void forbiddenIsAppAccessSayingNotPermitted() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(getApp().willReturn(cf.v3App("STOPPED")));
    cc.stubFor(
        v3Action("start")
            .willReturn(
                v3Error(403, "CF-NotAuthorized", 10003, "You are not authorized (" + TOKEN + ")")));

    TogglerException e = failure(clientCredentials(), ApiVersion.V3, AppState.STARTED, TIMEOUT);

    assertThat(e.failure()).isEqualTo(Failure.APP_ACCESS);
    assertThat(e.getMessage()).contains(GUID).contains("not permitted").contains(CLIENT_ID);
    assertNoSecrets(e);
  }

  @Test
  void uaaRejectingTheCredentialsIsAuthenticationAndIsNotRetried() {
    cf.discovery(true);
    uaa.stubFor(
        clientCredentialsGrant(CLIENT_ID, CLIENT_SECRET)
            .willReturn(uaaError(401, "invalid_client", "Bad credentials: " + CLIENT_SECRET)));

    TogglerException e = failure(clientCredentials(), ApiVersion.V3, AppState.STARTED, TIMEOUT);

    assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
    assertThat(e.getMessage()).contains("UAA").contains("invalid_client").contains(CLIENT_ID);
    assertThat(calls(uaa)).containsExactly("POST /oauth/token");
    assertThat(calls(cc)).noneMatch(call -> call.contains("/apps/"));
    assertNoSecrets(e);
  }

  @Test
  void uaaRejectingAPasswordIsAuthenticationWithoutThePassword() {
    cf.discovery(true);
    uaa.stubFor(
        passwordGrant("cf", "", USER, PASSWORD)
            .willReturn(uaaError(401, "unauthorized", "Bad credentials for " + PASSWORD)));

    TogglerException e =
        failure(
            password(Optional.empty(), Optional.empty()), ApiVersion.V3, AppState.STARTED, TIMEOUT);

    assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
    assertThat(e.getMessage()).contains(USER);
    assertNoSecrets(e);
  }

  @Test
  void serviceUnavailableOnceIsRetriedAndSucceedsOnTheSecondAttempt() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(
        getApp()
            .inScenario("outage")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(v3Error(503, "CF-ServiceUnavailable", 10015, "try later"))
            .willSetStateTo("recovered"));
    cc.stubFor(
        getApp()
            .inScenario("outage")
            .whenScenarioStateIs("recovered")
            .willReturn(cf.v3App("STOPPED")));
    cc.stubFor(v3Action("start").willReturn(cf.v3App("STARTED")));

    ToggleResult result = toggle(clientCredentials(), ApiVersion.V3, AppState.STARTED);

    assertThat(result).isEqualTo(new ToggleResult(AppState.STARTED, ToggleOutcome.CHANGED, 2));
    assertThat(calls(cc)).filteredOn(call -> call.equals("GET " + APP_PATH)).hasSize(2);
    assertThat(calls(uaa)).containsExactly("POST /oauth/token");
  }

  @Test
  void discoveryOutageIsRetriedAndNotRememberedAsFailed() {
    cc.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/"))
            .inScenario("root")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(com.github.tomakehurst.wiremock.client.WireMock.serviceUnavailable())
            .willSetStateTo("up")
            .atPriority(1));
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App("STARTED")));

    ToggleResult result = toggle(clientCredentials(), ApiVersion.AUTO, AppState.STARTED);

    assertThat(result)
        .isEqualTo(new ToggleResult(AppState.STARTED, ToggleOutcome.ALREADY_IN_STATE, 2));
    assertThat(calls(cc)).startsWith("GET /", "GET /");
  }

  @Test
  void tooManyRequestsWaitsForRetryAfterBeforeTheNextAttempt() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(
        getApp()
            .inScenario("rate limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                v3Error(429, "CF-RateLimitExceeded", 10013, "Rate Limit Exceeded")
                    .withHeader("Retry-After", "1"))
            .willSetStateTo("allowed"));
    cc.stubFor(
        getApp()
            .inScenario("rate limit")
            .whenScenarioStateIs("allowed")
            .willReturn(cf.v3App("STARTED")));

    long start = System.nanoTime();
    ToggleResult result = toggle(clientCredentials(), ApiVersion.V3, AppState.STARTED);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(result)
        .isEqualTo(new ToggleResult(AppState.STARTED, ToggleOutcome.ALREADY_IN_STATE, 2));
    // FAST backs off 10-40 ms: only Retry-After explains a wait of a second.
    assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    java.util.List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> gets =
        cc.getAllServeEvents().stream()
            .filter(e -> e.getRequest().getUrl().equals(APP_PATH))
            .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()))
            .toList();
    assertThat(gets).hasSize(2);
    assertThat(
            gets.get(1).getRequest().getLoggedDate().getTime()
                - gets.get(0).getRequest().getLoggedDate().getTime())
        .isGreaterThanOrEqualTo(950);
  }

  @Test
  void aSingleTryReportsRetryAfterToTheEventsAndItsFailureAndDoesNotRetry() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(
        getApp()
            .willReturn(
                v3Error(429, "CF-RateLimitExceeded", 10013, "Rate Limit Exceeded")
                    .withHeader("Retry-After", "7")));
    Recorded events = new Recorded();

    TogglerException e;
    try (AppStateClient client =
        AppStateClient.create(clientCredentials(), ApiVersion.V3, FAST, events)) {
      e =
          catchThrowableOfType(
              TogglerException.class, () -> client.tryOnce(APP, AppState.STARTED, TIMEOUT).block());
    }

    assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.retryAfter()).as("for the caller's own retry").contains(Duration.ofSeconds(7));
    assertThat(calls(cc)).filteredOn(call -> call.equals("GET " + APP_PATH)).hasSize(1);
    assertThat(events.retryAfter).containsExactly(Duration.ofSeconds(7));
    assertThat(events.looks).isEmpty();
  }

  @Test
  void aLookReportsWhetherTheAppWasInTheWantedStateThroughV3AndV2() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App("STARTED")));
    cc.stubFor(withToken(v3Action("stop"), TOKEN).willReturn(cf.v3App("STOPPED")));
    cc.stubFor(withToken(getV2App(), TOKEN).willReturn(cf.v2App(200, "STOPPED")));
    Recorded events = new Recorded();

    try (AppStateClient v3 =
            AppStateClient.create(clientCredentials(), ApiVersion.V3, FAST, events);
        AppStateClient v2 =
            AppStateClient.create(clientCredentials(), ApiVersion.V2, FAST, events)) {
      assertThat(v3.tryOnce(APP, AppState.STOPPED, TIMEOUT).block().outcome())
          .isEqualTo(ToggleOutcome.CHANGED);
      assertThat(v2.tryOnce(APP, AppState.STOPPED, TIMEOUT).block().outcome())
          .isEqualTo(ToggleOutcome.ALREADY_IN_STATE);
    }

    assertThat(events.looks).containsExactly(APP + " STOPPED false", APP + " STOPPED true");
  }

  @Test
  void aHeldAppIsTriedOnceWithoutActionAndItsLookIsNotReportedAsDiverged() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(
        withToken(getApp(), TOKEN).willReturn(cf.v3AppHeldUntil("STARTED", "20991231T2359Z")));
    Recorded events = new Recorded();

    ToggleResult result;
    try (AppStateClient client =
        AppStateClient.create(clientCredentials(), ApiVersion.V3, FAST, events)) {
      result = client.tryOnce(APP, AppState.STOPPED, TIMEOUT).block();
    }

    assertThat(result.outcome()).isEqualTo(ToggleOutcome.HELD);
    assertThat(result.heldUntil()).contains(Instant.parse("2099-12-31T23:59:00Z"));
    assertThat(calls(cc))
        .filteredOn(call -> call.contains(GUID))
        .containsExactly("GET " + APP_PATH);
    assertThat(events.looks).isEmpty();
  }

  /** Collects what a client reports besides its results. */
  static final class Recorded implements ClientEvents {
    final List<Duration> retryAfter = new CopyOnWriteArrayList<>();
    final List<String> looks = new CopyOnWriteArrayList<>();

    @Override
    public void retryAfter(Duration delay) {
      retryAfter.add(delay);
    }

    @Override
    public void looked(AppGuid app, AppState wanted, boolean inWantedState) {
      looks.add(app + " " + wanted + " " + inWantedState);
    }
  }

  @Test
  void unauthorizedFromTheCloudControllerFetchesOneFreshTokenAndSucceeds() {
    cf.discovery(true);
    uaa.stubFor(
        clientCredentialsGrant(CLIENT_ID, CLIENT_SECRET)
            .inScenario("tokens")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(cf.token(TOKEN))
            .willSetStateTo("second"));
    uaa.stubFor(
        clientCredentialsGrant(CLIENT_ID, CLIENT_SECRET)
            .inScenario("tokens")
            .whenScenarioStateIs("second")
            .willReturn(cf.token(FRESH_TOKEN)));
    cc.stubFor(
        withToken(getApp(), TOKEN)
            .willReturn(v3Error(401, "CF-InvalidAuthToken", 1000, "Invalid Auth Token")));
    cc.stubFor(withToken(getApp(), FRESH_TOKEN).willReturn(cf.v3App("STOPPED")));
    cc.stubFor(withToken(v3Action("start"), FRESH_TOKEN).willReturn(cf.v3App("STARTED")));

    ToggleResult result = toggle(clientCredentials(), ApiVersion.V3, AppState.STARTED);

    // cf-java-client repeats the request itself after invalidating the token: one attempt of ours.
    assertThat(result).isEqualTo(new ToggleResult(AppState.STARTED, ToggleOutcome.CHANGED, 1));
    assertThat(calls(uaa)).containsExactly("POST /oauth/token", "POST /oauth/token");
    assertThat(calls(cc)).filteredOn(call -> call.equals("GET " + APP_PATH)).hasSize(2);
  }

  @Test
  void unauthorizedEvenWithAFreshTokenIsAuthenticationAfterExactlyOneNewToken() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(
        getApp().willReturn(v3Error(401, "CF-InvalidAuthToken", 1000, "Invalid Auth Token")));

    TogglerException e = failure(clientCredentials(), ApiVersion.V3, AppState.STARTED, TIMEOUT);

    assertThat(e.failure()).isEqualTo(Failure.AUTHENTICATION);
    assertThat(e.getMessage()).contains("401");
    assertThat(calls(uaa)).containsExactly("POST /oauth/token", "POST /oauth/token");
    assertThat(calls(cc)).filteredOn(call -> call.equals("GET " + APP_PATH)).hasSize(2);
  }

  @Test
  void persistentServiceUnavailableGivesUpAsUnavailableAtTheTimeout() {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(getApp().willReturn(v3Error(503, "CF-ServiceUnavailable", 10015, "down")));
    Duration timeout = Duration.ofMillis(1500);

    long start = System.nanoTime();
    TogglerException e = failure(clientCredentials(), ApiVersion.V3, AppState.STARTED, timeout);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
    assertThat(e.getMessage())
        .containsPattern("gave up .* after \\d+ attempts in 1\\.\\d s")
        .contains("503");
    // Client set-up and close are included: the toggle itself stops at 1.5 s.
    assertThat(elapsed).isBetween(timeout, timeout.plusMillis(1200));
    assertThat(calls(cc)).filteredOn(call -> call.equals("GET " + APP_PATH)).hasSizeGreaterThan(2);
  }

  @Test
  void connectionRefusedGivesUpAsUnavailable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CfCredentials credentials =
        new CfCredentials(
            URI.create("http://localhost:" + closedPort),
            Optional.of(CLIENT_ID),
            Optional.of(CLIENT_SECRET),
            Optional.empty(),
            Optional.empty(),
            false);

    long start = System.nanoTime();
    TogglerException e =
        failure(credentials, ApiVersion.AUTO, AppState.STOPPED, Duration.ofSeconds(1));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
    assertThat(e.getMessage()).contains("gave up").contains("unreachable").contains("refused");
    assertThat(elapsed).isLessThan(Duration.ofMillis(2500));
  }

  @Test
  void selfSignedCertificateFailsAsUnavailableWithoutSkipSslValidation() {
    cf.overHttps().discovery(true);

    TogglerException e =
        failure(clientCredentials(false), ApiVersion.V3, AppState.STARTED, TIMEOUT);

    assertThat(e.failure()).isEqualTo(Failure.UNAVAILABLE);
    assertThat(e.getMessage()).contains("certificate verification").contains("skip_ssl_validation");
    assertThat(calls(cc)).isEmpty();
    assertNoSecrets(e);
  }

  @Test
  void selfSignedCertificateIsAcceptedWithSkipSslValidation() {
    cf.overHttps().discovery(true);
    uaa.stubFor(clientCredentialsGrant(CLIENT_ID, CLIENT_SECRET).willReturn(cf.token(TOKEN)));
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App("STARTED")));
    cc.stubFor(withToken(v3Action("stop"), TOKEN).willReturn(cf.v3App("STOPPED")));

    ToggleResult result = toggle(clientCredentials(true), ApiVersion.AUTO, AppState.STOPPED);

    assertThat(result).isEqualTo(new ToggleResult(AppState.STOPPED, ToggleOutcome.CHANGED, 1));
    assertThat(calls(uaa)).containsExactly("POST /oauth/token");
  }

  @Test
  void failureMessagesNeverContainSecretsPasswordsOrTokens() {
    // A Cloud Controller that echoes the token in an error body, after a password grant.
    cf.discovery(true);
    uaa.stubFor(
        passwordGrant(CLIENT_ID, CLIENT_SECRET, USER, PASSWORD).willReturn(cf.token(TOKEN)));
    cc.stubFor(
        getApp()
            .willReturn(
                v3Error(422, "CF-UnprocessableEntity", 10008, "bad " + TOKEN + " " + PASSWORD)));

    TogglerException e =
        failure(
            password(Optional.of(CLIENT_ID), Optional.of(CLIENT_SECRET)),
            ApiVersion.V3,
            AppState.STARTED,
            TIMEOUT);

    assertThat(e.failure()).isEqualTo(Failure.APP_ACCESS);
    assertThat(e.getMessage()).contains("422").contains("CF-UnprocessableEntity");
    assertNoSecrets(e);
  }

  ToggleResult toggle(CfCredentials credentials, ApiVersion version, AppState desired) {
    try (AppStateClient client = AppStateClient.create(credentials, version, FAST)) {
      return client.setStateBlocking(APP, desired, TIMEOUT, () -> false);
    }
  }

  TogglerException failure(
      CfCredentials credentials, ApiVersion version, AppState desired, Duration timeout) {
    try (AppStateClient client = AppStateClient.create(credentials, version, FAST)) {
      TogglerException e =
          catchThrowableOfType(
              TogglerException.class,
              () -> client.setStateBlocking(APP, desired, timeout, () -> false));
      assertThat(e).as("expected a TogglerException").isNotNull();
      assertNoSecrets(e);
      return e;
    }
  }

  /** Neither the message nor anything in the printed cause chain shows a secret. */
  static void assertNoSecrets(Throwable e) {
    StringWriter printed = new StringWriter();
    e.printStackTrace(new PrintWriter(printed));
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      chain.append(t).append('\n');
    }
    for (String text : new String[] {e.getMessage(), chain.toString(), printed.toString()}) {
      assertThat(text).doesNotContain(CLIENT_SECRET, PASSWORD, TOKEN, FRESH_TOKEN);
    }
  }

  CfCredentials clientCredentials() {
    return clientCredentials(false);
  }

  CfCredentials clientCredentials(boolean skipSslValidation) {
    return cf.clientCredentials(skipSslValidation);
  }

  CfCredentials password(Optional<String> clientId, Optional<String> clientSecret) {
    return new CfCredentials(
        URI.create(cf.ccUrl()),
        clientId,
        clientSecret,
        Optional.of(USER),
        Optional.of(PASSWORD),
        false);
  }
}
