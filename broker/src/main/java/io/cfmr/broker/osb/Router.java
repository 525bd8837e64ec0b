package io.cfmr.broker.osb;

import io.cfmr.broker.health.BrokerMetrics;
import io.cfmr.broker.health.Readiness;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns one request into one reply: health endpoints without auth; for {@code /v2/} basic auth
 * (401), then the version header (412), then the OSB operation. Runs on a worker thread (the
 * Kubernetes client blocks), with the request's ids in the MDC.
 */
public final class Router {

  static final String REQUEST_IDENTITY = "x-broker-api-request-identity";
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  private final Backend backend;
  private final BasicAuth auth;
  private final ErrorMapper errors;

  public Router(
      ServiceBroker broker,
      String username,
      String password,
      Readiness readiness,
      BrokerMetrics metrics) {
    this.backend = new Backend(broker, readiness, metrics);
    this.auth = new BasicAuth(username, password);
    this.errors = new ErrorMapper(metrics);
  }

  public Reply handle(HttpRequestData request) {
    return reply(request, route -> dispatch(route, request));
  }

  /**
   * Refuses a request before its body was read (it was too large): mapped, counted and logged as
   * every other reply.
   */
  public Reply refuse(HttpRequestData head, OsbException why) {
    return reply(
        head,
        route -> {
          throw why;
        });
  }

  private Reply reply(HttpRequestData request, Function<Route, Reply> answer) {
    long start = System.nanoTime();
    Route route = Route.match(request.method(), request.path());
    String requestId = requestId(request.header(REQUEST_IDENTITY));
    MDC.put("request_id", requestId);
    Reply reply;
    try {
      reply = answer.apply(route);
    } catch (RuntimeException e) {
      reply = errors.map(e, route.label(), requestId);
    }
    long nanos = System.nanoTime() - start;
    backend.metrics().request(route.label(), reply.status(), nanos);
    if (route.osb()) {
      LOG.info(
          "{} {} {} -> {} in {} ms",
          route.label(),
          request.method(),
          request.path(),
          reply.status(),
          nanos / 1_000_000);
    }
    MDC.clear();
    return reply;
  }

  private Reply dispatch(Route route, HttpRequestData request) {
    if (!route.osb()) {
      return route.operation().handle(backend, route, request);
    }
    OriginatingIdentity.userId(request.header(OriginatingIdentity.HEADER))
        .ifPresent(user -> MDC.put("user_id", user));
    if (!auth.allows(request.header("authorization"))) {
      return Reply.error(401, "Unauthorized", "valid HTTP basic credentials are required");
    }
    ApiVersion.parse(request.header(ApiVersion.HEADER));
    route.checkIds();
    if (route.instanceId() != null) {
      MDC.put("instance_id", route.instanceId());
    }
    if (route.bindingId() != null) {
      MDC.put("binding_id", route.bindingId());
    }
    return route.operation().handle(backend, route, request);
  }

  /**
   * The Cloud Controller's request identity, else a new one: it ties an error description to the
   * log lines with the details. It goes into logs and descriptions: kept short and printable.
   */
  private static String requestId(String value) {
    if (value == null || value.isBlank()) {
      return UUID.randomUUID().toString();
    }
    String printable = value.replaceAll("[^A-Za-z0-9._:-]", "_");
    return printable.length() > 64 ? printable.substring(0, 64) : printable;
  }
}
