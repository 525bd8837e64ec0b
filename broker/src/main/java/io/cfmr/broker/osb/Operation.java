package io.cfmr.broker.osb;

import io.cfmr.broker.health.BrokerMetrics;
import java.util.List;
import java.util.Locale;

/**
 * Every route the broker serves, declared once: method, path, and what answers it. Adding a route
 * is adding a constant. Paths under {@code /v2/} are OSB routes (basic auth, version header); the
 * others are the health endpoints, open to all. {@code {instance}} and {@code {binding}} stand for
 * the ids in the path.
 */
enum Operation {
  CATALOG(
      "GET",
      "/v2/catalog",
      (b, r, q) -> b.broker().catalog(ApiVersion.parse(q.header(ApiVersion.HEADER)))),
  PROVISION(
      "PUT",
      "/v2/service_instances/{instance}",
      (b, r, q) -> b.broker().provision(r.instanceId(), Json.parseObject(q.body()))),
  UPDATE(
      "PATCH",
      "/v2/service_instances/{instance}",
      (b, r, q) -> b.broker().update(r.instanceId(), Json.parseObject(q.body()))),
  FETCH_INSTANCE(
      "GET",
      "/v2/service_instances/{instance}",
      (b, r, q) -> b.broker().fetchInstance(r.instanceId())),
  DEPROVISION(
      "DELETE",
      "/v2/service_instances/{instance}",
      (b, r, q) -> b.broker().deprovision(r.instanceId(), q.query())),
  INSTANCE_LAST_OPERATION(
      "GET",
      "/v2/service_instances/{instance}/last_operation",
      (b, r, q) -> b.broker().instanceLastOperation(r.instanceId())),
  BIND(
      "PUT",
      "/v2/service_instances/{instance}/service_bindings/{binding}",
      (b, r, q) -> b.broker().bind(r.instanceId(), r.bindingId(), Json.parseObject(q.body()))),
  FETCH_BINDING(
      "GET",
      "/v2/service_instances/{instance}/service_bindings/{binding}",
      (b, r, q) -> b.broker().fetchBinding(r.instanceId(), r.bindingId())),
  UNBIND(
      "DELETE",
      "/v2/service_instances/{instance}/service_bindings/{binding}",
      (b, r, q) -> b.broker().unbind(r.instanceId(), r.bindingId(), q.query())),
  BINDING_LAST_OPERATION(
      "GET",
      "/v2/service_instances/{instance}/service_bindings/{binding}/last_operation",
      (b, r, q) -> b.broker().bindingLastOperation(r.instanceId(), r.bindingId())),
  HEALTHZ("GET", "/healthz", (b, r, q) -> Reply.text(200, Reply.JSON, "{\"status\":\"ok\"}")),
  READYZ("GET", "/readyz", (b, r, q) -> b.ready()),
  METRICS(
      "GET",
      "/metrics",
      (b, r, q) -> Reply.text(200, BrokerMetrics.CONTENT_TYPE, b.metrics().scrape())),
  /** No route has this path. */
  NOT_FOUND(null, null, (b, r, q) -> Reply.error(404, "NotFound", "no such endpoint")),
  /** Routes have this path, none this method. */
  METHOD_NOT_ALLOWED(
      null,
      null,
      (b, r, q) -> Reply.error(405, "MethodNotAllowed", "this method is not served on this path"));

  static final String INSTANCE = "{instance}";
  static final String BINDING = "{binding}";

  /** What answers a route, given the broker's parts, the matched route and the request. */
  @FunctionalInterface
  interface Handler {
    Reply handle(Backend backend, Route route, HttpRequestData request);
  }

  private final String method;
  private final List<String> segments;
  private final Handler handler;

  Operation(String method, String path, Handler handler) {
    this.method = method;
    this.segments = path == null ? List.of() : Route.segments(path);
    this.handler = handler;
  }

  /** The name in metrics and logs, e.g. {@code instance_last_operation}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  String method() {
    return method;
  }

  List<String> segments() {
    return segments;
  }

  Reply handle(Backend backend, Route route, HttpRequestData request) {
    return handler.handle(backend, route, request);
  }
}
