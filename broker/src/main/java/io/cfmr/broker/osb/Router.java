package io.cfmr.broker.osb;

import io.cfmr.broker.health.BrokerMetrics;
import io.cfmr.broker.health.Readiness;
import java.util.Optional;
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

  private final ServiceBroker broker;
  private final BasicAuth auth;
  private final Readiness readiness;
  private final BrokerMetrics metrics;
  private final ErrorMapper errors;

  public Router(
      ServiceBroker broker,
      String username,
      String password,
      Readiness readiness,
      BrokerMetrics metrics) {
    this.broker = broker;
    this.auth = new BasicAuth(username, password);
    this.readiness = readiness;
    this.metrics = metrics;
    this.errors = new ErrorMapper(metrics);
  }

  public Reply handle(HttpRequestData request) {
    long start = System.nanoTime();
    Route route = Route.match(request.method(), request.path());
    Reply reply;
    try {
      reply = dispatch(route, request);
    } catch (RuntimeException e) {
      reply = errors.map(e, route.operation());
    }
    long nanos = System.nanoTime() - start;
    metrics.request(route.operation(), reply.status(), nanos);
    if (route.osb()) {
      LOG.info(
          "{} {} {} -> {} in {} ms",
          route.operation(),
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
      return health(route);
    }
    MDC.put("request_id", safe(request.header(REQUEST_IDENTITY)));
    OriginatingIdentity.userId(request.header(OriginatingIdentity.HEADER))
        .ifPresent(user -> MDC.put("user_id", user));
    if (!auth.allows(request.header("authorization"))) {
      return Reply.error(401, "Unauthorized", "valid HTTP basic credentials are required");
    }
    ApiVersion.check(request.header(ApiVersion.HEADER));
    route.checkIds();
    if (route.instanceId() != null) {
      MDC.put("instance_id", route.instanceId());
    }
    if (route.bindingId() != null) {
      MDC.put("binding_id", route.bindingId());
    }
    return operation(route, request);
  }

  private Reply operation(Route route, HttpRequestData request) {
    String instance = route.instanceId();
    String binding = route.bindingId();
    return switch (route.operation()) {
      case "catalog" -> broker.catalog();
      case "provision" -> broker.provision(instance, Json.parseObject(request.body()));
      case "update" -> broker.update(instance, Json.parseObject(request.body()));
      case "deprovision" -> broker.deprovision(instance, request.query());
      case "fetch_instance" -> broker.fetchInstance(instance);
      case "instance_last_operation" -> broker.instanceLastOperation(instance);
      case "bind" -> broker.bind(instance, binding, Json.parseObject(request.body()));
      case "unbind" -> broker.unbind(instance, binding, request.query());
      case "fetch_binding" -> broker.fetchBinding(instance, binding);
      case "binding_last_operation" -> broker.bindingLastOperation(instance, binding);
      default -> unrouted(route);
    };
  }

  private Reply health(Route route) {
    return switch (route.operation()) {
      case "healthz" -> Reply.text(200, Reply.JSON, "{\"status\":\"ok\"}");
      case "readyz" -> ready(readiness.problem());
      case "metrics" -> Reply.text(200, BrokerMetrics.CONTENT_TYPE, metrics.scrape());
      default -> unrouted(route);
    };
  }

  private static Reply unrouted(Route route) {
    return route.operation().equals(Route.METHOD_NOT_ALLOWED)
        ? Reply.error(405, "MethodNotAllowed", "this method is not served on this path")
        : Reply.error(404, "NotFound", "no such endpoint");
  }

  private static Reply ready(Optional<String> problem) {
    return problem
        .map(why -> Reply.error(503, "NotReady", why))
        .orElseGet(() -> Reply.text(200, Reply.JSON, "{\"status\":\"ready\"}"));
  }

  /** The request identity goes into logs: keep it short and printable. */
  private static String safe(String value) {
    if (value == null) {
      return "";
    }
    String printable = value.replaceAll("[^A-Za-z0-9._:-]", "_");
    return printable.length() > 64 ? printable.substring(0, 64) : printable;
  }
}
