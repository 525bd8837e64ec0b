package io.cfmr.broker.osb;

import io.cfmr.broker.health.BrokerMetrics;
import io.cfmr.broker.kube.Changes;
import io.cfmr.schedule.InvalidScheduleException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become OSB error responses ({@code {"error", "description"}}).
 * Each error is logged here, once: 4xx briefly, 5xx with the stack trace.
 */
final class ErrorMapper {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
  private static final int MAX_DETAIL = 300;

  private final BrokerMetrics metrics;

  ErrorMapper(BrokerMetrics metrics) {
    this.metrics = metrics;
  }

  Reply map(RuntimeException e, String operation) {
    if (e instanceof OsbException osb) {
      return refused(osb.status(), osb.error(), osb.description());
    }
    if (e instanceof InvalidScheduleException invalid) {
      return refused(400, "BadRequest", "invalid parameters: " + invalid.getMessage());
    }
    if (e instanceof Changes.AlreadyExistsException exists) {
      return refused(409, "Conflict", exists.getMessage() + " and was not created by this request");
    }
    if (e instanceof KubernetesClientException kubernetes) {
      metrics.kubernetesError(operation);
      LOG.error("{} failed: the Kubernetes API answered {}", operation, kubernetes.getCode(), e);
      return Reply.error(
          502,
          "KubernetesApiError",
          "the Kubernetes API failed the request (HTTP "
              + kubernetes.getCode()
              + "): "
              + cut(kubernetes.getMessage())
              + "; nothing was left half-done");
    }
    LOG.error("{} failed unexpectedly", operation, e);
    return Reply.error(
        500, "InternalError", "the broker failed unexpectedly; its log has the details");
  }

  private static Reply refused(int status, String error, String description) {
    LOG.info("refused with {} {}: {}", status, error, description);
    return Reply.error(status, error, description);
  }

  private static String cut(String text) {
    if (text == null) {
      return "no message";
    }
    return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "..." : text;
  }
}
