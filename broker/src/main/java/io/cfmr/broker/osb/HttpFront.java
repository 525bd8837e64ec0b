package io.cfmr.broker.osb;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The reactor-netty HTTP server: reads each request (capping its body), hands it to the {@link
 * Router} on a worker thread (the Kubernetes client blocks), and writes the reply.
 */
public final class HttpFront {

  /** OSB bodies are small; a larger one is refused before it is buffered. */
  static final int MAX_BODY_BYTES = 256 * 1024;

  private static final byte[] NO_BODY = new byte[0];

  private final Router router;
  private final Scheduler workers = Schedulers.boundedElastic();

  public HttpFront(Router router) {
    this.router = router;
  }

  /** Serves HTTPS with {@code tls}, else plain HTTP. */
  public DisposableServer start(String host, int port, Optional<SslContext> tls) {
    HttpServer server =
        HttpServer.create().host(host).port(port).idleTimeout(Duration.ofSeconds(120));
    if (tls.isPresent()) {
      server = server.secure(spec -> spec.sslContext(tls.get()));
    }
    return server.handle(this::serve).bindNow(Duration.ofSeconds(30));
  }

  private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
    String identity = request.requestHeaders().get(Router.REQUEST_IDENTITY);
    return body(request)
        .<Supplier<Reply>>map(bytes -> () -> router.handle(data(request, bytes)))
        .onErrorResume(
            OsbException.class, e -> Mono.just(() -> router.refuse(data(request, NO_BODY), e)))
        .publishOn(workers)
        .map(Supplier::get)
        .flatMap(reply -> write(response, reply, identity));
  }

  private static Mono<byte[]> body(HttpServerRequest request) {
    String length = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
    if (length != null && tooLarge(length)) {
      return Mono.error(tooLarge());
    }
    return request
        .receive()
        .asByteArray()
        .collect(
            ByteArrayOutputStream::new,
            (out, chunk) -> {
              if (out.size() + chunk.length > MAX_BODY_BYTES) {
                throw tooLarge();
              }
              out.writeBytes(chunk);
            })
        .map(ByteArrayOutputStream::toByteArray);
  }

  private static boolean tooLarge(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static OsbException tooLarge() {
    return new OsbException(
        413, "PayloadTooLarge", "the request body is larger than " + MAX_BODY_BYTES + " bytes");
  }

  private static HttpRequestData data(HttpServerRequest request, byte[] body) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    Map<String, String> query = new HashMap<>();
    uri.parameters().forEach((name, values) -> query.put(name, first(values)));
    Map<String, String> headers = new HashMap<>();
    request
        .requestHeaders()
        .forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
    return new HttpRequestData(request.method().name(), uri.rawPath(), query, headers, body);
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? "" : values.get(0);
  }

  private static Mono<Void> write(HttpServerResponse response, Reply reply, String identity) {
    byte[] body = reply.body();
    response
        .status(reply.status())
        .header(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
    if (identity != null) {
      response.header(Router.REQUEST_IDENTITY, identity);
    }
    if (reply.status() == 401) {
      response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"cfmr-broker\"");
    }
    return response.sendByteArray(Mono.just(body)).then();
  }
}
