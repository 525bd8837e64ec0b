package io.cfmr.daemon.training;

import io.cfmr.schedule.ScheduleConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapListBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * What the training run's daemon talks to, served in one process: the Kubernetes API calls of a
 * deployed daemon (its credentials Secret, the schedule ConfigMaps' list and watch, its Lease) and
 * the Cloud Controller and UAA calls of a toggle (the toggler's training answers, {@link
 * io.cfmr.toggler.training.TrainingRun#answer}). Every app is stopped when asked and every schedule
 * wants it started, so that each reconcile ends in a start.
 */
final class CannedApis implements AutoCloseable {

  static final String NAMESPACE = "training";
  static final String SECRET = "training-credentials";
  private static final String CONFIGMAPS = "/api/v1/namespaces/" + NAMESPACE + "/configmaps";
  private static final String LEASES =
      "/apis/coordination.k8s.io/v1/namespaces/" + NAMESPACE + "/leases";
  private static final String APPS = "/v3/apps/";

  private final KubernetesSerialization json = new KubernetesSerialization();
  private final List<String> guids;
  private final Set<String> looked = ConcurrentHashMap.newKeySet();
  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger leaseVersion = new AtomicInteger();
  private final DisposableServer server;

  /** Serves {@code apps} schedules, one app each, on a free port of the loopback interface. */
  CannedApis(int apps) {
    guids =
        IntStream.range(0, apps)
            .mapToObj(i -> String.format("%08d-0000-4000-8000-000000000000", i))
            .toList();
    // HTTP/2 as well, which the Kubernetes client speaks to an API server that offers it.
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)
            .handle(this::answer)
            .bindNow();
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /**
   * True once every app has been looked up and one started: the start is what every app wants,
   * except in the first seconds of a year, when the yearly stop is the latest firing of some.
   */
  boolean everyAppReconciled() {
    return looked.size() == guids.size() && started.get() > 0;
  }

  @Override
  public void close() {
    server.disposeNow();
  }

  private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
    String path = request.fullPath();
    String method = request.method().name();
    if (path.equals(CONFIGMAPS) && request.isWebsocket()) {
      // The informer's watch: open until the daemon closes it; nothing changes.
      return response.sendWebsocket((in, out) -> in.receive().then());
    }
    if (path.equals(CONFIGMAPS)) {
      return send(response, 200, json.asJson(configMaps()));
    }
    if (path.equals("/api/v1/namespaces/" + NAMESPACE + "/secrets/" + SECRET)) {
      return send(response, 200, json.asJson(secret()));
    }
    if (path.startsWith(LEASES)) {
      return lease(request, response, method);
    }
    if (path.startsWith(APPS)) {
      return app(response, method, path.substring(APPS.length()));
    }
    return switch (path) {
      case "", "/" -> cloudController(response, "root", "", "");
      case "/v2/info" -> cloudController(response, "info", "", "");
      case "/oauth/token" -> cloudController(response, "token", "", "");
      default -> send(response, 404, json.asJson(notFound()));
    };
  }

  /** GET answers 404 (no Lease yet); a create or an update is stored as sent, with a version. */
  private Mono<Void> lease(HttpServerRequest request, HttpServerResponse response, String method) {
    if (method.equals("GET")) {
      return send(response, 404, json.asJson(notFound()));
    }
    return request
        .receive()
        .aggregate()
        .asString()
        .flatMap(
            body -> {
              Lease lease = json.unmarshal(body, Lease.class);
              lease.getMetadata().setResourceVersion("" + leaseVersion.incrementAndGet());
              return send(response, method.equals("POST") ? 201 : 200, json.asJson(lease));
            });
  }

  private Mono<Void> app(HttpServerResponse response, String method, String rest) {
    String guid = rest.split("/")[0];
    if (method.equals("GET")) {
      looked.add(guid);
      return cloudController(response, "app", guid, "STOPPED");
    }
    started.incrementAndGet();
    return cloudController(response, "app", guid, "STARTED");
  }

  private Mono<Void> cloudController(
      HttpServerResponse response, String name, String guid, String state) {
    return send(
        response, 200, io.cfmr.toggler.training.TrainingRun.answer(name, url(), guid, state));
  }

  private static Mono<Void> send(HttpServerResponse response, int status, String body) {
    return response
        .status(status)
        .header("Content-Type", "application/json")
        .sendString(Mono.just(body))
        .then();
  }

  /**
   * The apps' schedule ConfigMaps, with the label, managed-by label and binding annotation the
   * broker writes and the daemon reads: each app started every minute at a second of its own, in a
   * zone, and stopped once a year (so it is wanted started).
   */
  private Object configMaps() {
    List<ConfigMap> items =
        IntStream.range(0, guids.size())
            .mapToObj(
                i ->
                    new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("cfmr-schedule-" + guids.get(i))
                        .withNamespace(NAMESPACE)
                        .withResourceVersion("" + (i + 1))
                        .withLabels(
                            Map.of(
                                ScheduleConfigMap.LABEL,
                                ScheduleConfigMap.LABEL_VALUE,
                                ScheduleConfigMap.MANAGED_BY,
                                ScheduleConfigMap.MANAGED_BY_BROKER))
                        .withAnnotations(
                            Map.of(ScheduleConfigMap.BINDING_ID_ANNOTATION, "binding-" + i))
                        .endMetadata()
                        .withData(Map.of(ScheduleConfigMap.KEY, schedule(guids.get(i), i)))
                        .build())
            .toList();
    return new ConfigMapListBuilder()
        .withNewMetadata()
        .withResourceVersion("" + guids.size())
        .endMetadata()
        .withItems(items)
        .build();
  }

  private static String schedule(String guid, int i) {
    return "{\"app-guid\":\""
        + guid
        + "\",\"cron\":{\"start\":\""
        + (i % 60)
        + " * * * * *\",\"stop\":\"0 0 1 1 *\",\"timezone\":\"Europe/Berlin\"}}";
  }

  private Object secret() {
    Base64.Encoder base64 = Base64.getEncoder();
    return new SecretBuilder()
        .withNewMetadata()
        .withName(SECRET)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withData(
            Map.of(
                "api", base64.encodeToString(url().getBytes(StandardCharsets.UTF_8)),
                "client_id", base64.encodeToString("training".getBytes(StandardCharsets.UTF_8)),
                "client_secret",
                    base64.encodeToString("training".getBytes(StandardCharsets.UTF_8))))
        .build();
  }

  private static Object notFound() {
    return new StatusBuilder().withStatus("Failure").withReason("NotFound").withCode(404).build();
  }
}
