package io.cfmr.toggler.training;

import io.cfmr.toggler.Main;
import io.cfmr.toggler.cf.RetryPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The image build's training run: one real {@code start} against a canned Cloud Controller and UAA
 * served in this process, so that {@code -XX:ArchiveClassesAtExit} records every class the
 * CronJob's run loads, response parsing included. A run against an address that refuses connections
 * misses about half of them, and the measured start-up gain with them (README, "Benchmarks").
 *
 * <pre>
 * java -XX:ArchiveClassesAtExit=toggler-job.jsa -cp toggler-job.jar io.cfmr.toggler.training.TrainingRun
 * </pre>
 */
public final class TrainingRun {

  static final String GUID = "00000000-0000-0000-0000-0000000000aa";

  private TrainingRun() {}

  public static void main(String[] args) {
    System.exit(run());
  }

  /** Runs the training toggle; returns its exit code (0 when every step worked). */
  public static int run() {
    DisposableServer server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(
                routes ->
                    routes
                        .get("/", (req, res) -> json(req, res, "root", "STOPPED"))
                        .get("/v2/info", (req, res) -> json(req, res, "info", "STOPPED"))
                        .post("/oauth/token", (req, res) -> json(req, res, "token", "STOPPED"))
                        .get("/v3/apps/" + GUID, (req, res) -> json(req, res, "app", "STOPPED"))
                        .post(
                            "/v3/apps/" + GUID + "/actions/start",
                            (req, res) -> json(req, res, "app", "STARTED")))
            .bindNow();
    try {
      Map<String, String> env =
          Map.of(
              "CF_API",
              "http://127.0.0.1:" + server.port(),
              "CF_CLIENT_ID",
              "training",
              "CF_CLIENT_SECRET",
              "training");
      Supplier<KubernetesClient> noKubernetes =
          () -> {
            throw new IllegalStateException("the training run reads no Secret");
          };
      return Main.run(
          new String[] {"start", "--app-guid", GUID},
          new Main.Environment(env, Clock.systemUTC(), noKubernetes),
          RetryPolicy.defaults());
    } finally {
      server.disposeNow();
    }
  }

  private static Mono<Void> json(
      HttpServerRequest request, HttpServerResponse response, String name, String state) {
    String body = answer(name, "http://" + request.requestHeaders().get("Host"), GUID, state);
    return response.header("Content-Type", "application/json").sendString(Mono.just(body)).then();
  }

  /**
   * A canned Cloud Controller or UAA answer ({@code root}, {@code info}, {@code token}, {@code
   * app}), for a server at {@code base}, about app {@code guid} in {@code state}; the daemon's
   * training run answers with these too.
   */
  public static String answer(String name, String base, String guid, String state) {
    try (InputStream in = TrainingRun.class.getResourceAsStream("/training/" + name + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${base}", base)
          .replace("${guid}", guid)
          .replace("${state}", state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
