package io.cfmr.broker.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The broker's meters, exposed in the Prometheus text format on {@code /metrics}:
 *
 * <ul>
 *   <li>{@code cfmr_broker_requests_seconds{operation,status}}: count, sum and max per OSB
 *       operation and HTTP status;
 *   <li>{@code cfmr_broker_kubernetes_errors_total{operation}}: requests failed by the Kubernetes
 *       API.
 * </ul>
 */
public final class BrokerMetrics {

  public static final String REQUESTS = "cfmr.broker.requests";
  public static final String KUBERNETES_ERRORS = "cfmr.broker.kubernetes.errors";
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public void request(String operation, int status, long nanos) {
    Timer.builder(REQUESTS)
        .description("OSB and health requests by operation and HTTP status")
        .tag("operation", operation)
        .tag("status", Integer.toString(status))
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  public void kubernetesError(String operation) {
    Counter.builder(KUBERNETES_ERRORS)
        .description("Requests that failed because the Kubernetes API refused or failed a call")
        .tag("operation", operation)
        .register(registry)
        .increment();
  }

  public String scrape() {
    return registry.scrape();
  }
}
