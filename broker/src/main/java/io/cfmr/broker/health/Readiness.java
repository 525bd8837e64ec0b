package io.cfmr.broker.health;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ready means the Kubernetes API answers: the broker can do nothing without it. The probe is a
 * one-item list of ConfigMaps in the broker's namespace, which its RBAC allows anyway.
 *
 * <p>Why it is not ready goes to the log only, once per change: the probe's answer is open to
 * anyone who reaches the port, and the reason names the API server and the broker's account.
 */
public final class Readiness {

  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

  private final KubernetesClient client;
  private final String namespace;
  private final AtomicReference<Boolean> last = new AtomicReference<>();

  public Readiness(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public boolean ready() {
    try {
      client
          .configMaps()
          .inNamespace(namespace)
          .list(new ListOptionsBuilder().withLimit(1L).build());
      if (changedTo(true)) {
        LOG.info("ready: the Kubernetes API answers");
      }
      return true;
    } catch (KubernetesClientException e) {
      if (changedTo(false)) {
        LOG.warn("not ready: the Kubernetes API is not reachable: {}", e.getMessage(), e);
      }
      return false;
    }
  }

  private boolean changedTo(boolean now) {
    return !Boolean.valueOf(now).equals(last.getAndSet(now));
  }
}
