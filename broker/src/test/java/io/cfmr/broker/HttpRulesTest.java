package io.cfmr.broker;

import static io.cfmr.broker.Requests.bind;
import static io.cfmr.broker.Requests.cronStart;
import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionScheduler;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cfmr.broker.BrokerHarness.Response;
import io.cfmr.broker.osb.Router;
import io.cfmr.broker.scheduler.SchedulerMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Rules for every request: auth, version header, identity headers, bodies, paths. */
class HttpRulesTest {

  @RegisterExtension
  static final BrokerHarness broker =
      BrokerHarness.inMode(SchedulerMode.CRONJOB).withSchedulerInstance();

  private static Response catalogWith(Map<String, String> headers) {
    return broker.send("GET", "/v2/catalog", null, headers);
  }

  private static void assertJsonError(Response response, int status) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
    assertThat(response.json().get("error").asText()).isNotBlank();
    assertThat(response.json().get("description").asText()).isNotBlank();
  }

  private static int objectCount() {
    return broker.client().batch().v1().cronjobs().inAnyNamespace().list().getItems().size()
        + broker.client().configMaps().inAnyNamespace().list().getItems().size();
  }

  @Test
  void missingOrWrongCredentialsAre401() {
    assertJsonError(catalogWith(Map.of("Authorization", "")), 401);
    assertJsonError(
        catalogWith(Map.of("Authorization", BrokerHarness.basic(BrokerHarness.USER, "wrong"))),
        401);
    assertJsonError(
        catalogWith(Map.of("Authorization", BrokerHarness.basic("other", BrokerHarness.PASSWORD))),
        401);
    assertJsonError(catalogWith(Map.of("Authorization", "Basic !!not-base64!!")), 401);
    assertJsonError(catalogWith(Map.of("Authorization", "Bearer abc")), 401);
    assertThat(catalogWith(Map.of("Authorization", "")).header("WWW-Authenticate"))
        .startsWith("Basic");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2.12", "1.15", "3.0", "abc", "2", "2.x"})
  void missingOrUnsupportedVersionHeaderIs412(String version) {
    assertJsonError(catalogWith(Map.of("X-Broker-API-Version", version)), 412);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.13", "2.14", "2.15", "2.16", "2.17", "2.99"})
  void everyVersionFrom213OnIsServed(String version) {
    assertThat(catalogWith(Map.of("X-Broker-API-Version", version)).status()).isEqualTo(200);
  }

  @Test
  void requestIdentityIsEchoedAlsoOnErrors() {
    String identity = id();
    assertThat(
            catalogWith(Map.of("X-Broker-API-Request-Identity", identity))
                .header("X-Broker-API-Request-Identity"))
        .isEqualTo(identity);
    assertThat(
            catalogWith(Map.of("X-Broker-API-Request-Identity", identity, "Authorization", ""))
                .header("X-Broker-API-Request-Identity"))
        .isEqualTo(identity);
  }

  @Test
  void malformedOriginatingIdentityIsIgnored() {
    String good =
        "cloudfoundry "
            + Base64.getEncoder()
                .encodeToString("{\"user_id\":\"683ea748\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(catalogWith(Map.of("X-Broker-API-Originating-Identity", good)).status())
        .isEqualTo(200);
    assertThat(
            catalogWith(Map.of("X-Broker-API-Originating-Identity", "cloudfoundry %%%")).status())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "[1,2]",
        "\"text\"",
        "{\"service_id\":1}",
        "{\"parameters\":\"x\",\"service_id\":\"a\"}",
        "{\"a\":1,\"a\":2}",
        "{\"service_id\": \"x\"",
      })
  void emptyMalformedOrMistypedBodiesAre400AndCreateNothing(String body) {
    int before = objectCount();
    assertJsonError(broker.put(instancePath(id()), body), 400);
    assertJsonError(broker.put(broker.newBinding(), body), 400);
    assertThat(objectCount()).isEqualTo(before);
  }

  /** Binds with {@code body}, expects the JSON error {@code status}, and that nothing was made. */
  private static Response bindRefusedCreatingNothing(String body, int status) {
    int before = objectCount();
    Response response = broker.put(broker.newBinding(), body);
    assertJsonError(response, status);
    assertThat(objectCount()).isEqualTo(before);
    return response;
  }

  @Test
  void hugeBodyIsRefusedWith413CountedLoggedAndCreatesNothing() {
    Logger router = (Logger) LoggerFactory.getLogger(Router.class);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    router.addAppender(log);
    try {
      bindRefusedCreatingNothing(bind(id(), cronStart("1".repeat(1_000_000))), 413);
    } finally {
      router.detachAppender(log);
    }
    assertThat(log.list).anyMatch(e -> e.getFormattedMessage().startsWith("bind PUT /v2/"));
    assertThat(broker.get("/metrics").text())
        .contains("cfmr_broker_requests_seconds_count{operation=\"bind\",status=\"413\"} 1");
  }

  @Test
  void hugeStringsWithinTheBodyLimitAre400AndCreateNothing() {
    String app = id();
    bindRefusedCreatingNothing(bind(app, cronStart("1 ".repeat(50_000))), 400);
    String longGuid =
        """
        {"app-guid":"%s","cron":{"start":"@daily"}}"""
            .formatted("a".repeat(100_000));
    Response response = bindRefusedCreatingNothing(bind(app, longGuid), 400);
    assertThat(response.text()).hasSizeLessThan(2_000);
  }

  @Test
  void aKeyGivenTwiceInTheScheduleIs400AndCreatesNothing() {
    String app = id();
    // The same text the daemon refuses in a ConfigMap (ConfigMapScheduleSourceTest).
    String twice =
        """
        {"app-guid":"%s","cron":{"start":"@daily","start":"@hourly"}}"""
            .formatted(app);
    bindRefusedCreatingNothing(bind(app, twice), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "..", "%2E%2E%2Fx", "a%2Fb", "x y", ".hidden"})
  void pathLikeOrEncodedIdsAre4xxAndCreateNothing(String badId) {
    int before = objectCount();
    Response response =
        broker.send(
            "PUT",
            "/v2/service_instances/" + badId.replace(" ", "%20"),
            provisionScheduler(),
            Map.of());
    assertThat(response.status()).isBetween(400, 499);
    assertThat(response.json().isObject()).isTrue();
    assertThat(objectCount()).isEqualTo(before);
  }

  @Test
  void pathLikeAppGuidInParametersIs400AndCreatesNothing() {
    bindRefusedCreatingNothing(
        bind(id(), "{\"app-guid\":\"../x\",\"cron\":{\"start\":\"@daily\"}}"), 400);
    bindRefusedCreatingNothing(bind("../../etc", cronStart("@daily")), 400);
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405AsJson() {
    assertJsonError(broker.get("/v2/nothing"), 404);
    assertJsonError(broker.get("/nothing"), 404);
    assertJsonError(broker.send("POST", "/v2/catalog", "{}", Map.of()), 405);
  }

  @Test
  void unknownFieldsInTheOsbBodyAreIgnored() {
    String body = provisionScheduler().replaceFirst("\\{", "{\"future_field\":{\"x\":[1]},");
    assertThat(broker.put(instancePath(id()), body).status()).isEqualTo(201);
  }

  @Test
  void healthReadinessAndMetricsNeedNoAuth() {
    Map<String, String> noAuth = Map.of("Authorization", "", "X-Broker-API-Version", "");
    Response health = broker.send("GET", "/healthz", null, noAuth);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("ok");
    assertThat(broker.send("GET", "/readyz", null, noAuth).status()).isEqualTo(200);
    broker.get("/v2/catalog");
    Response metrics = broker.send("GET", "/metrics", null, noAuth);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    assertThat(metrics.text())
        .contains("cfmr_broker_requests_seconds_count{operation=\"catalog\",status=\"200\"}")
        .contains("cfmr_broker_requests_seconds_sum{operation=\"provision\",status=\"201\"}");
  }
}
