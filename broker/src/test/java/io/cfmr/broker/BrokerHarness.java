package io.cfmr.broker;

import static io.cfmr.broker.Requests.bind;
import static io.cfmr.broker.Requests.bindingPath;
import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionScheduler;
import static io.cfmr.broker.Requests.scheduleParameters;
import static io.cfmr.broker.Requests.schedulerDelete;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfmr.broker.faults.FaultyApiServer;
import io.cfmr.broker.kube.MockApi;
import io.cfmr.broker.osb.Json;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
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
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A broker on a free port over a fabric8 CRUD mock API server, and an HTTP client that speaks to it
 * as the Cloud Controller does (basic auth, {@code X-Broker-API-Version: 2.15}).
 *
 * <p>A test class registers one on a static field, which starts it before the class's tests and
 * stops it after them:
 *
 * <pre>
 * {@code @RegisterExtension static final BrokerHarness broker = BrokerHarness.inMode(CRONJOB);}
 * </pre>
 *
 * Code that needs a broker of its own for a while uses {@link #start(SchedulerMode)} and closes it.
 * {@link #withFaults()} puts the broker over a {@link FaultyApiServer} instead of the plain CRUD
 * mock.
 */
public final class BrokerHarness implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  public static final String USER = "broker-admin";
  public static final String PASSWORD = "s3cret-Pa55word-never-logged";
  public static final String SCHEDULER_ID = "149472c8-f878-4118-8250-2d09dced9b2c";
  public static final String APPSTATE_ID = "0b03bce0-67f9-4790-a190-9d16a4101145";
  public static final String C2C_SERVICE_ID = "585e2f44-5d74-46f0-b310-309920061078";
  public static final String C2C_PLAN_ID = "84843bf0-49a1-4674-8171-4bd7d2b6cbe4";

  /** The namespace the broker keeps its schedules and records in. */
  public static final String NAMESPACE = "cfmr";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final SchedulerMode mode;
  private final boolean provisionsSchedulerInstance;
  private final boolean faulty;
  private final Duration deadline;
  private final List<Broker> brokers = new ArrayList<>();
  private final List<KubernetesClient> extraClients = new ArrayList<>();
  private KubernetesMockServer server;
  private FaultyApiServer faults;
  private KubernetesClient client;
  private Broker broker;
  private String schedulerInstance;

  private BrokerHarness(
      SchedulerMode mode, boolean provisionsSchedulerInstance, boolean faulty, Duration deadline) {
    this.mode = mode;
    this.provisionsSchedulerInstance = provisionsSchedulerInstance;
    this.faulty = faulty;
    this.deadline = deadline;
  }

  /** A harness, not yet started, whose broker runs in {@code mode}. */
  public static BrokerHarness inMode(SchedulerMode mode) {
    return new BrokerHarness(mode, false, false, BrokerConfig.DEFAULT_DEADLINE);
  }

  /**
   * A harness like this one that also provisions a scheduler instance at start: {@link
   * #instance()}.
   */
  public BrokerHarness withSchedulerInstance() {
    return new BrokerHarness(mode, true, faulty, deadline);
  }

  /**
   * A harness like this one over a {@link FaultyApiServer} ({@link #faults()}): the broker gets the
   * fault-prone client, {@link #client()} is the never-faulted observer.
   */
  public BrokerHarness withFaults() {
    return new BrokerHarness(mode, provisionsSchedulerInstance, true, deadline);
  }

  /** A harness like this one whose brokers answer by {@code requestDeadline}. */
  public BrokerHarness withDeadline(Duration requestDeadline) {
    return new BrokerHarness(mode, provisionsSchedulerInstance, faulty, requestDeadline);
  }

  /** A started harness in cronjob mode, to close by the caller. */
  public static BrokerHarness start() {
    return start(SchedulerMode.CRONJOB);
  }

  /** A started harness in {@code mode}, to close by the caller. */
  public static BrokerHarness start(SchedulerMode mode) {
    return inMode(mode).started();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    started();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** Starts this harness, for code that is no test class (and closes it itself). */
  public BrokerHarness started() {
    KubernetesClient brokers;
    if (faulty) {
      faults = new FaultyApiServer();
      server = faults.server();
      client = faults.observer();
      brokers = faults.brokerClient();
      extraClients.add(brokers);
    } else {
      server = MockApi.startCrud();
      client = server.createClient();
      brokers = client;
    }
    broker = startBroker(mode, brokers);
    if (provisionsSchedulerInstance) {
      schedulerInstance = id();
      Response provisioned = put(instancePath(schedulerInstance), provisionScheduler());
      if (provisioned.status() != 201) {
        throw new IllegalStateException(
            "provisioning the scheduler instance: " + provisioned.status() + provisioned.text());
      }
    }
    return this;
  }

  public static BrokerConfig config(SchedulerMode mode) {
    return config(mode, BrokerConfig.DEFAULT_DEADLINE);
  }

  private static BrokerConfig config(SchedulerMode mode, Duration requestDeadline) {
    return new BrokerConfig(
        USER,
        PASSWORD,
        0,
        NAMESPACE,
        "cfmr-eirini",
        "registry.example.com/cfmr/toggler-job:1.0.0",
        "cfmr-scheduler-credentials",
        "cfmr-toggler",
        mode,
        requestDeadline,
        Optional.empty());
  }

  public KubernetesMockServer server() {
    return server;
  }

  /** The faults of the mock API ({@link #withFaults()}). */
  public FaultyApiServer faults() {
    if (faults == null) {
      throw new IllegalStateException("register the harness withFaults()");
    }
    return faults;
  }

  /** A client of the mock API, to look at and change what the broker made. */
  public KubernetesClient client() {
    return client;
  }

  /** The scheduler instance provisioned at start ({@link #withSchedulerInstance()}). */
  public String instance() {
    if (schedulerInstance == null) {
      throw new IllegalStateException("register the harness withSchedulerInstance()");
    }
    return schedulerInstance;
  }

  /** A new binding's path under the scheduler instance provisioned at start. */
  public String newBinding() {
    return bindingPath(instance(), id());
  }

  /** Another broker (a second replica, or a restart) over the same API, with its own client. */
  public Broker startBroker(SchedulerMode mode, KubernetesClient with) {
    Broker started = Broker.start(config(mode, deadline), with);
    brokers.add(started);
    return started;
  }

  public KubernetesClient newClient() {
    KubernetesClient extra = server.createClient();
    extraClients.add(extra);
    return extra;
  }

  /** The CronJobs the broker made for {@code app}. */
  public List<CronJob> cronJobsOf(String app) {
    return client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace(NAMESPACE)
        .withLabel("cloudfoundry.org/app_guid", app)
        .list()
        .getItems();
  }

  /** The CronJob called {@code name}, or null. */
  public CronJob cronJob(String name) {
    return client.batch().v1().cronjobs().inNamespace(NAMESPACE).withName(name).get();
  }

  /** The daemon-mode schedule ConfigMap of {@code app}, or null. */
  public ConfigMap scheduleConfigMap(String app) {
    return client.configMaps().inNamespace(NAMESPACE).withName("cfmr-schedule-" + app).get();
  }

  /** The CF credentials Secret the toggler and the daemon read, client-credentials grant. */
  public void storeCredentialsSecret(String api, String clientId, String clientSecret) {
    client
        .secrets()
        .inNamespace(NAMESPACE)
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
          """
          apiVersion: v1
          kind: Config
          clusters: [{name: mock, cluster: {server: '%s'}}]
          users: [{name: pod, user: {token: service-account-token}}]
          contexts: [{name: mock, context: {cluster: mock, user: pod}}]
          current-context: mock
          """
              .formatted(client.getConfiguration().getMasterUrl()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Cloud Controller's view of another broker started by this harness. */
  public Endpoint at(Broker other) {
    return new Endpoint(other);
  }

  private Endpoint endpoint() {
    return new Endpoint(broker);
  }

  public Response put(String path, String body) {
    return endpoint().put(path, body);
  }

  public Response patch(String path, String body) {
    return endpoint().send("PATCH", path, body, Map.of());
  }

  public Response get(String path) {
    return endpoint().get(path);
  }

  public Response delete(String path) {
    return endpoint().delete(path);
  }

  public Response send(String method, String path, String body, Map<String, String> headers) {
    return endpoint().send(method, path, body, headers);
  }

  /** Binds {@code app} at {@code bindingPath} with the reference's schedule parameters. */
  public Response bindSchedule(String bindingPath, String app) {
    return put(bindingPath, bind(app, scheduleParameters(app)));
  }

  /** Unbinds a scheduler binding (or deprovisions a scheduler instance) at {@code path}. */
  public Response unbindSchedule(String path) {
    return delete(path + schedulerDelete());
  }

  public static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    brokers.forEach(Broker::close);
    brokers.clear();
    extraClients.forEach(KubernetesClient::close);
    extraClients.clear();
    if (client != null) {
      client.close();
      server.destroy();
    }
  }

  /** One broker's port, spoken to with the Cloud Controller's headers. */
  public record Endpoint(Broker to) {

    public Response put(String path, String body) {
      return send("PUT", path, body, Map.of());
    }

    public Response get(String path) {
      return send("GET", path, null, Map.of());
    }

    public Response delete(String path) {
      return send("DELETE", path, null, Map.of());
    }

    /** An entry of {@code headers} with an empty value removes that header. */
    public Response send(String method, String path, String body, Map<String, String> headers) {
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
        return new Response(
            HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
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
