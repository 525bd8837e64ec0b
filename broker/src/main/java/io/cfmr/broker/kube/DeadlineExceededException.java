package io.cfmr.broker.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The request's deadline left no time for another Kubernetes call. A {@link
 * KubernetesClientException} with code 504, so that it is answered as the API's failure (a 5xx);
 * its cause is the last attempt's error, if any.
 */
public final class DeadlineExceededException extends KubernetesClientException {

  DeadlineExceededException(String what, Throwable last) {
    super(
        "the request's deadline passed before "
            + what
            + " was done"
            + (last == null ? "" : "; the last attempt: " + last.getMessage()),
        last,
        504,
        null,
        null);
  }
}
