package io.cfmr.daemon.metrics;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.BooleanSupplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;

/** {@code /metrics}, {@code /healthz} and {@code /readyz} on the metrics port, without auth. */
public final class HttpEndpoints implements AutoCloseable {

  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final DisposableServer server;

  private HttpEndpoints(DisposableServer server) {
    this.server = server;
  }

  /** Binds the port (0 picks a free one) and serves until {@link #close()}. */
  public static HttpEndpoints start(int port, PrometheusMetrics metrics, Health health) {
    DisposableServer server =
        HttpServer.create()
            .host("0.0.0.0")
            .port(port)
            .route(
                routes ->
                    routes
                        .get(
                            "/metrics",
                            (request, response) ->
                                response
                                    .header(HttpHeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT)
                                    .sendString(Mono.fromCallable(metrics::scrape)))
                        .get("/healthz", (request, response) -> probe(response, health::isLive))
                        .get("/readyz", (request, response) -> probe(response, health::isReady)))
            .bindNow();
    return new HttpEndpoints(server);
  }

  public int port() {
    return server.port();
  }

  private static Publisher<Void> probe(HttpServerResponse response, BooleanSupplier check) {
    boolean ok = check.getAsBoolean();
    return response
        .status(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .sendString(Mono.just(ok ? "ok\n" : "not ready\n"));
  }

  @Override
  public void close() {
    server.disposeNow();
  }
}
