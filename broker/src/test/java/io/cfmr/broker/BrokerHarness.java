package io.cfmr.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfmr.broker.osb.Json;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * A broker on a real port over a fabric8 CRUD mock API server, and an HTTP client that speaks to it
 * as the Cloud Controller does (basic auth, {@code X-Broker-API-Version: 2.15}).
 */
public final class BrokerHarness implements AutoCloseable {

  public static final String USER = "broker-admin";
  public static final String PASSWORD = "s3cret-Pa55word-never-logged";
  public static final String SCHEDULER_ID = "149472c8-f878-4118-8250-2d09dced9b2c";
  public static final String APPSTATE_ID = "0b03bce0-67f9-4790-a190-9d16a4101145";
  public static final String C2C_SERVICE_ID = "585e2f44-5d74-46f0-b310-309920061078";
  public static final String C2C_PLAN_ID = "84843bf0-49a1-4674-8171-4bd7d2b6cbe4";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public final KubernetesMockServer server;
  public final KubernetesClient client;
  private final List<Broker> brokers = new ArrayList<>();
  private final List<KubernetesClient> extraClients = new ArrayList<>();
  private Broker broker;

  private BrokerHarness(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** A fresh CRUD mock API and one broker in cronjob mode. */
  public static BrokerHarness start() {
    return start(SchedulerMode.CRONJOB);
  }

  public static BrokerHarness start(SchedulerMode mode) {
    // Mixed: expectations (for injected faults) first, then CRUD, as @EnableKubernetesMockClient.
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    BrokerHarness harness = new BrokerHarness(server);
    harness.broker = harness.startBroker(mode, harness.client);
    return harness;
  }

  public static BrokerConfig config(SchedulerMode mode) {
    return new BrokerConfig(
        USER,
        PASSWORD,
        0,
        "cfmr",
        "cfmr-eirini",
        "registry.example.com/cfmr/toggler-job:1.0.0",
        "cfmr-scheduler-credentials",
        "cfmr-toggler",
        mode);
  }

  /** Another broker (a second replica, or a restart) over the same API, with its own client. */
  public Broker startBroker(SchedulerMode mode, KubernetesClient with) {
    Broker started = Broker.start(config(mode), with);
    brokers.add(started);
    return started;
  }

  /** The CF credentials Secret the toggler and the daemon read, client-credentials grant. */
  public void storeCredentialsSecret(String api, String clientId, String clientSecret) {
    client
        .secrets()
        .inNamespace("cfmr")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("cfmr-scheduler-credentials")
                .endMetadata()
                .withStringData(
                    Map.of("api", api, "client_id", clientId, "client_secret", clientSecret))
                .build())
        .create();
  }

  /** A kubeconfig for a child process (a toggler, a daemon) to reach this mock API server. */
  public Path writeKubeconfig(Path dir) {
    try {
      return Files.writeString(
          dir.resolve("kubeconfig"),
          String.join(
              "\n",
              "apiVersion: v1",
              "kind: Config",
              "clusters: [{name: mock, cluster: {server: '"
                  + client.getConfiguration().getMasterUrl()
                  + "'}}]",
              "users: [{name: pod, user: {token: service-account-token}}]",
              "contexts: [{name: mock, context: {cluster: mock, user: pod}}]",
              "current-context: mock",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public KubernetesClient newClient() {
    KubernetesClient extra = server.createClient();
    extraClients.add(extra);
    return extra;
  }

  public Response put(String path, String body) {
    return send(broker, "PUT", path, body, Map.of());
  }

  public Response patch(String path, String body) {
    return send(broker, "PATCH", path, body, Map.of());
  }

  public Response get(String path) {
    return send(broker, "GET", path, null, Map.of());
  }

  public Response delete(String path) {
    return send(broker, "DELETE", path, null, Map.of());
  }

  public Response send(String method, String path, String body, Map<String, String> headers) {
    return send(broker, method, path, body, headers);
  }

  /**
   * Sends with the Cloud Controller's headers; an entry of {@code headers} with an empty value
   * removes that header.
   */
  public static Response send(
      Broker to, String method, String path, String body, Map<String, String> headers) {
    Map<String, String> all = new HashMap<>();
    all.put("X-Broker-API-Version", "2.15");
    all.put("Authorization", basic(USER, PASSWORD));
    all.putAll(headers);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    all.forEach(
        (name, value) -> {
          if (!value.isEmpty()) {
            request.header(name, value);
          }
        });
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public Broker broker() {
    return broker;
  }

  @Override
  public void close() {
    brokers.forEach(Broker::close);
    extraClients.forEach(KubernetesClient::close);
    client.close();
    server.destroy();
  }

  /** An HTTP response with its body parsed as JSON. */
  public record Response(int status, JsonNode json, String text, HttpResponse<String> raw) {
    Response(HttpResponse<String> raw) {
      this(raw.statusCode(), parse(raw.body()), raw.body(), raw);
    }

    private static JsonNode parse(String body) {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        return null;
      }
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }
}
