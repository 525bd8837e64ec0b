package io.cfmr.toggler.cf;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.cfmr.toggler.credentials.CfCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Cloud Controller and a UAA on two WireMock servers, with responses shaped like the real ones
 * (fixtures in {@code src/test/resources/cf}). Unmatched requests fail the test.
 */
public final class FakeCloudFoundry {

  public static final String GUID = "cb203632-efaf-47f1-ae65-68b856a28c6f";
  public static final String APP_PATH = "/v3/apps/" + GUID;
  public static final String V2_APP_PATH = "/v2/apps/" + GUID;

  /** The UAA client the scheduler logs in as, its secret, and the token the fake UAA hands out. */
  public static final String CLIENT_ID = "cfmr-scheduler";

  public static final String CLIENT_SECRET = "cl1ent-s3cret-value";
  public static final String TOKEN = "access-token-one";

  public final WireMockExtension cc;
  public final WireMockExtension uaa;
  private boolean https;

  public FakeCloudFoundry(WireMockExtension cc, WireMockExtension uaa) {
    this.cc = cc;
    this.uaa = uaa;
  }

  public static WireMockExtension server() {
    return server(wireMockConfig().dynamicPort().dynamicHttpsPort());
  }

  /** A server with these options that fails the test on a request no stub matches. */
  public static WireMockExtension server(WireMockConfiguration options) {
    return WireMockExtension.newInstance().options(options).failOnUnmatchedRequests(true).build();
  }

  public FakeCloudFoundry overHttps() {
    this.https = true;
    return this;
  }

  public String ccUrl() {
    return url(cc);
  }

  public String uaaUrl() {
    return url(uaa);
  }

  private String url(WireMockExtension server) {
    return https
        ? "https://localhost:" + server.getHttpsPort()
        : "http://localhost:" + server.getPort();
  }

  /** {@code GET /} (with or without {@code cloud_controller_v3}) and {@code GET /v2/info}. */
  public FakeCloudFoundry discovery(boolean advertisesV3) {
    cc.stubFor(get(urlEqualTo("/")).willReturn(json(200, advertisesV3 ? "root" : "root-v2-only")));
    cc.stubFor(get(urlEqualTo("/v2/info")).willReturn(json(200, "v2-info")));
    return this;
  }

  /**
   * A foundation that advertises v3 and gives {@code token} to the client-credentials grant of
   * {@code clientId}: what most tests start from.
   */
  public FakeCloudFoundry clientCredentialsLogin(String clientId, String secret, String token) {
    discovery(true);
    uaa.stubFor(clientCredentialsGrant(clientId, secret).willReturn(token(token)));
    return this;
  }

  /** Credentials for this foundation's client-credentials login ({@link #CLIENT_ID}). */
  public CfCredentials clientCredentials(boolean skipSslValidation) {
    return new CfCredentials(
        URI.create(ccUrl()),
        Optional.of(CLIENT_ID),
        Optional.of(CLIENT_SECRET),
        Optional.empty(),
        Optional.empty(),
        skipSslValidation);
  }

  /** A token request of the client-credentials grant, answered with {@code token}. */
  public static MappingBuilder clientCredentialsGrant(String clientId, String secret) {
    return post(urlEqualTo("/oauth/token"))
        .withHeader("Authorization", equalTo(basic(clientId, secret)))
        .withFormParam("grant_type", equalTo("client_credentials"));
  }

  public static MappingBuilder passwordGrant(
      String clientId, String secret, String user, String pass) {
    return post(urlEqualTo("/oauth/token"))
        .withHeader("Authorization", equalTo(basic(clientId, secret)))
        .withFormParam("grant_type", equalTo("password"))
        .withFormParam("username", equalTo(user))
        .withFormParam("password", equalTo(pass));
  }

  public ResponseDefinitionBuilder token(String token) {
    return json(200, "uaa-token", Map.of("token", token));
  }

  /** Matches cf-java-client's {@code Authorization: bearer TOKEN}, in whatever case. */
  public static MappingBuilder withToken(MappingBuilder request, String token) {
    return request.withHeader("Authorization", matching("(?i)bearer " + Pattern.quote(token)));
  }

  public ResponseDefinitionBuilder v3App(String state) {
    return json(200, "v3-app", Map.of("state", state));
  }

  /** The app with the hold label {@code cfmr.io/hold-until=VALUE}. */
  public ResponseDefinitionBuilder v3AppHeldUntil(String state, String value) {
    return json(
        200,
        "v3-app",
        Map.of("state", state, "labels", "{\"cfmr.io/hold-until\": \"" + value + "\"}"));
  }

  public ResponseDefinitionBuilder v2App(int status, String state) {
    return json(status, "v2-app", Map.of("state", state));
  }

  public static ResponseDefinitionBuilder v3Error(
      int status, String title, int code, String detail) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(
            fixture(
                "v3-error",
                Map.of("title", title, "code", String.valueOf(code), "detail", detail)));
  }

  public static ResponseDefinitionBuilder uaaError(int status, String error, String description) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(fixture("uaa-error", Map.of("error", error, "description", description)));
  }

  public static MappingBuilder getApp() {
    return get(urlEqualTo(APP_PATH));
  }

  public static MappingBuilder v3Action(String action) {
    return post(urlEqualTo(APP_PATH + "/actions/" + action));
  }

  public static MappingBuilder getV2App() {
    return get(urlEqualTo(V2_APP_PATH));
  }

  public static MappingBuilder putV2App(String state) {
    return put(urlEqualTo(V2_APP_PATH))
        .withRequestBody(
            com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
                "{\"state\":\"" + state + "\"}"));
  }

  public ResponseDefinitionBuilder json(int status, String fixture) {
    return json(status, fixture, Map.of());
  }

  public ResponseDefinitionBuilder json(int status, String name, Map<String, String> extra) {
    Map<String, String> vars = new java.util.HashMap<>(extra);
    vars.put("cc", ccUrl());
    vars.put("uaa", uaaUrl());
    vars.putIfAbsent("guid", GUID);
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(fixture(name, vars));
  }

  /** The requests a server saw, as {@code "METHOD /path"}, in arrival order. */
  public static List<String> calls(WireMockExtension server) {
    List<ServeEvent> events = new java.util.ArrayList<>(server.getAllServeEvents());
    java.util.Collections.reverse(events);
    return events.stream()
        .map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl())
        .toList();
  }

  public void assertNothingUnmatched() {
    assertThat(cc.findAllUnmatchedRequests()).as("unmatched Cloud Controller requests").isEmpty();
    assertThat(uaa.findAllUnmatchedRequests()).as("unmatched UAA requests").isEmpty();
  }

  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public static String fixture(String name, Map<String, String> vars) {
    try (InputStream in = FakeCloudFoundry.class.getResourceAsStream("/cf/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (Map.Entry<String, String> var : vars.entrySet()) {
        text = text.replace("${" + var.getKey() + "}", var.getValue());
      }
      return text.replace("${labels}", "{}"); // an app without labels unless a test gives some
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
