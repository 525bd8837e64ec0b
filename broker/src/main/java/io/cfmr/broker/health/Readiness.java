package io.cfmr.broker.health;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;

/**
 * Ready means the Kubernetes API answers: the broker can do nothing without it. The probe is a
 * one-item list of ConfigMaps in the broker's namespace, which its RBAC allows anyway.
 */
public final class Readiness {

  private final KubernetesClient client;
  private final String namespace;

  public Readiness(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Empty when ready, else why not. */
  public Optional<String> problem() {
    try {
      client
          .configMaps()
          .inNamespace(namespace)
          .list(new ListOptionsBuilder().withLimit(1L).build());
      return Optional.empty();
    } catch (KubernetesClientException e) {
      return Optional.of("the Kubernetes API is not reachable: " + e.getMessage());
    }
  }
}
