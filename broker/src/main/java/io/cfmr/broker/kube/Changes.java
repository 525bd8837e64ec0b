package io.cfmr.broker.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects one request has created, so that a failure part-way can delete exactly those (and
 * nothing another request made) before the broker answers.
 */
public final class Changes {

  private static final Logger LOG = LoggerFactory.getLogger(Changes.class);

  private final KubernetesClient client;
  private final Deque<HasMetadata> created = new ArrayDeque<>();

  public Changes(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Creates {@code object} (never replaces: an existing object is someone else's).
   *
   * @throws AlreadyExistsException when an object of that kind and name exists
   */
  public void create(HasMetadata object) {
    try {
      created.push(client.resource(object).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        throw new AlreadyExistsException(object);
      }
      throw e;
    }
  }

  /** Deletes what was created, newest first; failures are logged, as the caller is failing. */
  public void rollback() {
    while (!created.isEmpty()) {
      HasMetadata object = created.pop();
      try {
        client.resource(object).delete();
      } catch (KubernetesClientException e) {
        LOG.warn(
            "rollback could not delete {} {}: {}",
            object.getKind(),
            object.getMetadata().getName(),
            e.getMessage());
      }
    }
  }

  /** A create refused because the name is taken. */
  public static final class AlreadyExistsException extends RuntimeException {
    AlreadyExistsException(HasMetadata object) {
      super(
          // Goes into descriptions end users see: no namespace.
          object.getKind() + " " + object.getMetadata().getName() + " already exists");
    }
  }
}
