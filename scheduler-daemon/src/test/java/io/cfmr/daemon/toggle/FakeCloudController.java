package io.cfmr.daemon.toggle;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.cfmr.schedule.AppGuid;
import io.cfmr.toggler.cf.FakeCloudFoundry;
import io.cfmr.toggler.credentials.CfCredentials;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A Cloud Controller and its UAA on one WireMock server, answering with the toggler's fixtures
 * (shaped like a real foundation's answers; from the toggler's test-jar, not copied), for many apps
 * at once with chosen answer times.
 */
public final class FakeCloudController implements AutoCloseable {

  static final String TOKEN = "access-token-one";

  public final WireMockServer server;

  public FakeCloudController() {
    server = new WireMockServer(wireMockConfig().dynamicPort().containerThreads(64));
    server.start();
    server.stubFor(get(urlEqualTo("/")).willReturn(json(200, "root", Map.of())));
    server.stubFor(get(urlEqualTo("/v2/info")).willReturn(json(200, "v2-info", Map.of())));
    server.stubFor(
        post(urlEqualTo("/oauth/token"))
            .willReturn(json(200, "uaa-token", Map.of("token", TOKEN))));
  }

  public CfCredentials credentials() {
    return new CfCredentials(
        URI.create(server.baseUrl()),
        Optional.of("cfmr-scheduler"),
        Optional.of("cl1ent-s3cret-value"),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  /** The app is STOPPED and starts or stops as asked, after {@code delayMillis}. */
  public FakeCloudController app(AppGuid app, int delayMillis) {
    String path = "/v3/apps/" + app;
    server.stubFor(
        get(urlEqualTo(path)).willReturn(app(app, "STOPPED").withFixedDelay(delayMillis)));
    server.stubFor(
        post(urlEqualTo(path + "/actions/start"))
            .willReturn(app(app, "STARTED").withFixedDelay(delayMillis)));
    server.stubFor(
        post(urlEqualTo(path + "/actions/stop"))
            .willReturn(app(app, "STOPPED").withFixedDelay(delayMillis)));
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

  private ResponseDefinitionBuilder app(AppGuid app, String state) {
    return json(200, "v3-app", Map.of("guid", app.value(), "state", state));
  }

  private ResponseDefinitionBuilder json(int status, String fixture, Map<String, String> vars) {
    Map<String, String> all = new HashMap<>(vars);
    all.put("cc", server.baseUrl());
    all.put("uaa", server.baseUrl());
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(FakeCloudFoundry.fixture(fixture, all));
  }

  @Override
  public void close() {
    server.stop();
  }
}
