package io.cfmr.daemon.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cfmr.daemon.metrics.Health;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A replica that cannot take part in leader election is not ready; one that can, is. */
@EnableKubernetesMockClient
class LeaseReadinessTest {

  static final String NS = "cfmr";
  static final String LEASE = "cfmr-scheduler-daemon";
  static final String LEASE_PATH = "/apis/coordination.k8s.io/v1/namespaces/cfmr/leases";
  static final LeaseTimings FAST =
      new LeaseTimings(Duration.ofSeconds(2), Duration.ofMillis(1500), Duration.ofMillis(100));

  KubernetesMockServer server;
  KubernetesClient client;
  final List<String> fatal = new CopyOnWriteArrayList<>();
  final Health health = new Health((reason, cause) -> fatal.add(reason));

  @Test
  void aReplicaThatMayNotUseTheLeaseIsNotReady() {
    forbidden("get", LEASE_PATH + "/" + LEASE);
    server
        .expect()
        .post()
        .withPath(LEASE_PATH)
        .andReturn(403, status("leases is forbidden"))
        .always();
    health.ready();
    AtomicBoolean leading = new AtomicBoolean();

    try (LeaseLeadership leadership = leadership()) {
      leadership.start(() -> leading.set(true), () -> leading.set(false));

      await().atMost(Duration.ofSeconds(5)).until(() -> !health.isReady());
      assertThat(leading).isFalse();
      assertThat(fatal).isEmpty();
    }
  }

  @Test
  void aReplicaThatTakesPartIsReadyAgainOnceTheLeaseAnswers() {
    forbidden("get", LEASE_PATH + "/" + LEASE);
    health.ready();
    AtomicBoolean leading = new AtomicBoolean();

    try (LeaseLeadership leadership = leadership()) {
      leadership.start(() -> leading.set(true), () -> leading.set(false));
      await().atMost(Duration.ofSeconds(5)).until(() -> !health.isReady());

      server
          .expect()
          .get()
          .withPath(LEASE_PATH + "/" + LEASE)
          .andReturn(404, status("absent"))
          .always();
      server.expect().post().withPath(LEASE_PATH).andReturn(201, "{}").always();

      await().atMost(Duration.ofSeconds(5)).until(health::isReady);
    }
  }

  private LeaseLeadership leadership() {
    return new LeaseLeadership(
        client, NS, LEASE, "replica-1", FAST, health.condition("leader election"));
  }

  private void forbidden(String verb, String path) {
    server
        .expect()
        .get()
        .withPath(path)
        .andReturn(403, status(verb + " leases is forbidden"))
        .times(5);
  }

  private static io.fabric8.kubernetes.api.model.Status status(String message) {
    return new StatusBuilder().withStatus("Failure").withMessage(message).build();
  }
}
