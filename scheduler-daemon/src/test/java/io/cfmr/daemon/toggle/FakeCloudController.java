package io.cfmr.daemon.toggle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_ID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_SECRET;
import static io.cfmr.toggler.cf.FakeCloudFoundry.TOKEN;
import static io.cfmr.toggler.cf.FakeCloudFoundry.withToken;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.cf.FakeCloudFoundry;
import io.cfmr.toggler.credentials.CfCredentials;
import java.util.Map;

/**
 * A Cloud Controller and its UAA on one WireMock server: the toggler's {@link FakeCloudFoundry}
 * (its fixtures and its strictness: a request no stub matches fails the test), for many apps at
 * once with chosen answer times.
 */
public final class FakeCloudController {

  private final WireMockExtension server;
  private final FakeCloudFoundry cf;

  /** Stubs the login on {@code server}; call it once the test's stubs were reset. */
  public FakeCloudController(WireMockExtension server) {
    this.server = server;
    this.cf = new FakeCloudFoundry(server, server);
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
  }

  /** The server to register: enough threads for many toggles at once. */
  public static WireMockExtension server() {
    return FakeCloudFoundry.server(wireMockConfig().dynamicPort().containerThreads(64));
  }

  public CfCredentials credentials() {
    return cf.clientCredentials(false);
  }

  /** The app is STOPPED and starts or stops as asked, after {@code delayMillis}. */
  public FakeCloudController app(AppGuid app, int delayMillis) {
    String path = "/v3/apps/" + app;
    server.stubFor(
        withToken(get(urlEqualTo(path)), TOKEN)
            .willReturn(app(app, "STOPPED").withFixedDelay(delayMillis)));
    for (String action : new String[] {"start", "stop"}) {
      String state = action.equals("start") ? "STARTED" : "STOPPED";
      server.stubFor(
          withToken(post(urlEqualTo(path + "/actions/" + action)), TOKEN)
              .willReturn(app(app, state).withFixedDelay(delayMillis)));
    }
    return this;
  }

  /** Every call about the app answers 503. */
  public FakeCloudController failing(AppGuid app) {
    server.stubFor(
        get(urlEqualTo("/v3/apps/" + app))
            .willReturn(aResponse().withStatus(503).withBody("unavailable")));
    return this;
  }

  public int tokenRequests() {
    return server
        .countRequestsMatching(postRequestedFor(urlEqualTo("/oauth/token")).build())
        .getCount();
  }

  public int actions(AppGuid app, String action) {
    return server
        .countRequestsMatching(
            postRequestedFor(urlEqualTo("/v3/apps/" + app + "/actions/" + action)).build())
        .getCount();
  }

  /** The v3 answer about {@code app} in {@code state}. */
  public ResponseDefinitionBuilder appIn(AppGuid app, AppState state) {
    return app(app, state.name());
  }

  private ResponseDefinitionBuilder app(AppGuid app, String state) {
    return cf.json(200, "v3-app", Map.of("guid", app.value(), "state", state));
  }
}
