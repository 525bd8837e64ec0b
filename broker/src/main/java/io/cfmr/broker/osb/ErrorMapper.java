package io.cfmr.broker.osb;

import io.cfmr.broker.health.BrokerMetrics;
import io.cfmr.broker.kube.Changes;
import io.cfmr.broker.kube.DeadlineExceededException;
import io.cfmr.schedule.InvalidScheduleException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become OSB error responses ({@code {"error", "description"}}).
 * Each error is logged here, once: 4xx briefly, 5xx with the stack trace.
 *
 * <p>The Cloud Controller shows descriptions to end users, so a description names the field or the
 * condition and what to do, never a Kubernetes message, an API URL, a namespace or an account. When
 * the details stay in the log, the description gives the request id its log lines carry.
 */
final class ErrorMapper {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private final BrokerMetrics metrics;

  ErrorMapper(BrokerMetrics metrics) {
    this.metrics = metrics;
  }

  Reply map(RuntimeException e, String operation, String requestId) {
    if (e instanceof OsbException osb) {
      return refused(osb.status(), osb.error(), osb.description());
    }
    if (e instanceof InvalidScheduleException invalid) {
      return refused(400, "BadRequest", "invalid parameters: " + invalid.getMessage());
    }
    if (e instanceof Changes.AlreadyExistsException exists) {
      LOG.info(
          "refused with 409 Conflict: {} and was not created by this request", exists.getMessage());
      return Reply.error(
          409,
          "Conflict",
          "an object this request would create exists already and was not made by this broker;"
              + " the platform operator finds its name in the broker's log"
              + logged(requestId));
    }
    if (e instanceof PartlyUndoneException left) {
      // logged where it was thrown, with the objects left
      metrics.kubernetesError(operation);
      return Reply.error(
          502,
          "KubernetesApiError",
          failure(left.getCause())
              + "; not everything the request wrote could be removed: a DELETE of this "
              + left.what()
              + " removes what remains"
              + logged(requestId));
    }
    if (e instanceof KubernetesClientException kubernetes) {
      metrics.kubernetesError(operation);
      LOG.error(
          "{} failed: the Kubernetes API answered {}: {}",
          operation,
          kubernetes.getCode(),
          kubernetes.getMessage(),
          e);
      return Reply.error(
          502,
          "KubernetesApiError",
          condition(kubernetes)
              + "; nothing was left half-done; try again later"
              + logged(requestId));
    }
    LOG.error("{} failed unexpectedly", operation, e);
    return Reply.error(500, "InternalError", "the broker failed unexpectedly" + logged(requestId));
  }

  private static String failure(Throwable cause) {
    if (cause instanceof KubernetesClientException kubernetes) {
      return condition(kubernetes);
    }
    return cause instanceof OsbException osb ? osb.description() : "the broker failed unexpectedly";
  }

  /** What went wrong with the Kubernetes API, in words that give nothing of it away. */
  private static String condition(KubernetesClientException e) {
    if (e instanceof DeadlineExceededException) {
      return e.getCause() instanceof KubernetesClientException last
          ? condition(last) + ", up to the request's deadline"
          : "the Kubernetes API did not finish within the request's deadline";
    }
    int code = e.getCode();
    if (code <= 0) {
      return "the broker could not reach the Kubernetes API";
    }
    if (code == HttpURLConnection.HTTP_UNAUTHORIZED || code == HttpURLConnection.HTTP_FORBIDDEN) {
      return "the Kubernetes API refused the broker's access (status " + code + ")";
    }
    return "the Kubernetes API failed the request (status " + code + ")";
  }

  private static String logged(String requestId) {
    return "; the broker's log has the details under request id " + requestId;
  }

  private static Reply refused(int status, String error, String description) {
    LOG.info("refused with {} {}: {}", status, error, description);
    return Reply.error(status, error, description);
  }
}
