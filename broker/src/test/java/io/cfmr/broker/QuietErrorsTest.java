package io.cfmr.broker;

import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionScheduler;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cfmr.broker.BrokerHarness.Response;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the broker tells the outside when Kubernetes fails: the condition and a request id, never
 * the Kubernetes API's own words, URLs, namespaces or the broker's account; the log has those.
 */
class QuietErrorsTest {

  private static final String RECORDS = "/api/v1/namespaces/cfmr/configmaps";
  private static final String ACCOUNT = "system:serviceaccount:cfmr:cfmr-broker";

  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private BrokerHarness broker;
  private KubernetesMockServer server;

  @BeforeEach
  void start() {
    log.start();
    root().addAppender(log);
    // The broker retries a failed call until the deadline: a short one keeps the test fast.
    broker =
        BrokerHarness.inMode(SchedulerMode.CRONJOB).withDeadline(Duration.ofSeconds(2)).started();
    server = broker.server();
  }

  @AfterEach
  void stop() {
    broker.close();
    root().detachAppender(log);
  }

  @Test
  void kubernetesFailureIs502WithTheConditionAndTheCloudControllersRequestId() {
    server.expect().post().withPath(RECORDS).andReturn(500, status(500, "InternalError")).always();
    Response response = provision(Map.of("X-Broker-API-Request-Identity", "cc-request-17"));
    assertThat(response.status()).isEqualTo(502);
    assertSaysNothingOfKubernetes(response.text());
    assertThat(response.json().get("description").asText())
        .contains("the Kubernetes API failed the request (status 500)")
        .contains("request id cc-request-17");
    assertThat(loggedUnder("cc-request-17"))
        .anySatisfy(line -> assertThat(line).contains("etcdserver: request timed out"));
  }

  @Test
  void withoutARequestIdentityTheBrokerMakesOneAndLogsTheDetailsUnderIt() {
    server.expect().post().withPath(RECORDS).andReturn(403, status(403, "Forbidden")).always();
    Response response = provision(Map.of("X-Broker-API-Request-Identity", ""));
    assertThat(response.status()).isEqualTo(502);
    assertSaysNothingOfKubernetes(response.text());
    String description = response.json().get("description").asText();
    assertThat(description).contains("refused the broker's access (status 403)");
    Matcher id = Pattern.compile("request id ([0-9a-f-]{36})").matcher(description);
    assertThat(id.find()).as(description).isTrue();
    assertThat(loggedUnder(id.group(1))).anySatisfy(line -> assertThat(line).contains(ACCOUNT));
  }

  @Test
  void apiServerGoneIs502AndNotReadyWithTheReasonLoggedOnce() {
    assertThat(broker.get("/readyz").text()).isEqualTo("{\"status\":\"ready\"}");
    server.destroy();
    Response response = provision(Map.of());
    assertThat(response.status()).isEqualTo(502);
    assertSaysNothingOfKubernetes(response.text());
    assertThat(response.json().get("description").asText())
        .startsWith("the broker could not reach the Kubernetes API");
    for (int probe = 0; probe < 3; probe++) {
      Response readyz = broker.get("/readyz");
      assertThat(readyz.status()).isEqualTo(503);
      assertThat(readyz.text()).isEqualTo("{\"status\":\"not ready\"}");
    }
    assertThat(log.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .filteredOn(e -> e.getFormattedMessage().startsWith("not ready"))
        .hasSize(1);
  }

  @Test
  void readinessRefusedForTheAccountSaysOnlyNotReady() {
    server
        .expect()
        .get()
        .withPath(RECORDS + "?limit=1")
        .andReturn(403, status(403, "Forbidden"))
        .always();
    Response readyz = broker.get("/readyz");
    assertThat(readyz.status()).isEqualTo(503);
    assertThat(readyz.text()).isEqualTo("{\"status\":\"not ready\"}");
    assertThat(log.list)
        .filteredOn(e -> e.getFormattedMessage().startsWith("not ready"))
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains(ACCOUNT));
  }

  private Response provision(Map<String, String> headers) {
    return broker.send("PUT", instancePath(id()), provisionScheduler(), headers);
  }

  private static void assertSaysNothingOfKubernetes(String body) {
    assertThat(body)
        .doesNotContainIgnoringCase("http")
        .doesNotContain("Failure executing")
        .doesNotContain("/api/")
        .doesNotContain("namespaces/")
        .doesNotContain("serviceaccount")
        .doesNotContain("cfmr-broker")
        .doesNotContain("etcdserver");
  }

  /** The log lines (message and exception) of the request with that id. */
  private List<String> loggedUnder(String requestId) {
    return log.list.stream()
        .filter(e -> requestId.equals(e.getMDCPropertyMap().get("request_id")))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  /** A Kubernetes Status whose message carries everything the outside must not see. */
  private static String status(int code, String reason) {
    return """
        {"kind":"Status","apiVersion":"v1","status":"Failure","code":%d,"reason":"%s",
         "message":"etcdserver: request timed out at https://10.96.0.1:443%s for %s"}"""
        .formatted(code, reason, RECORDS, ACCOUNT);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
