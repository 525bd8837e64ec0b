package io.cfmr.broker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.broker.kube.MockApi;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The scheduler daemon's Role, which {@code deploy/overlays/daemon} adds to the base, grants
 * exactly what the daemon's code calls. The daemon module is not on the broker's test classpath, so
 * the table names the daemon's classes, and the test makes the same fabric8 calls they make against
 * a CRUD mock to learn the verbs fabric8 sends (a LeaseLock renews with a JSON merge PATCH, not a
 * PUT).
 */
class DaemonRbacTest {

  private static final String NS = "cfmr";
  private static final String LEASE = "cfmr-scheduler-daemon";
  private static final String SECRET = "cfmr-scheduler-credentials";
  private static final String SA = "cfmr-scheduler-daemon";

  /** Every call of scheduler-daemon with {@code --kubernetes --leader-election --secret}. */
  static final List<BrokerApiCalls.Row> TABLE =
      List.of(
          // daemon.schedule.ConfigMapScheduleSource#start: an informer (list, then watch) on
          // ConfigMaps labelled cfmr.io/schedule=true
          row("", "configmaps", "list", null, "ConfigMapScheduleSource#start (informer)"),
          row("", "configmaps", "watch", null, "ConfigMapScheduleSource#start (informer)"),
          // daemon.leader.LeaseLeadership: fabric8 LeaderElector + LeaseLock on the one Lease
          row("coordination.k8s.io", "leases", "get", LEASE, "LeaseLeadership (LeaseLock#get)"),
          row(
              "coordination.k8s.io",
              "leases",
              "create",
              null,
              "LeaseLeadership (LeaseLock#create)"),
          row(
              "coordination.k8s.io",
              "leases",
              "patch",
              LEASE,
              "LeaseLeadership (LeaseLock#update: renew, take over, release)"),
          // toggler.credentials.CredentialsResolver#fromSecret (--secret), once at start
          row("", "secrets", "get", SECRET, "CredentialsResolver#fromSecret"));

  @Test
  void theDaemonsRoleGrantsExactlyTheTable() {
    Set<ApiCall> table =
        TABLE.stream()
            .map(BrokerApiCalls.Row::call)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    Set<ApiCall> granted = BrokerRbacTest.grants(daemonRoles());
    assertThat(granted).as("granted but needed by no row").isSubsetOf(table);
    assertThat(table).as("in the table but not granted").isSubsetOf(granted);
  }

  @Test
  void theFabric8CallsTheDaemonMakesAreTheTable() throws Exception {
    List<ApiCall> calls = new ArrayList<>();
    KubernetesMockServer server = MockApi.startCrud();
    try (KubernetesClient client = server.createClient()) {
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(SECRET)
                  .withNamespace(NS)
                  .endMetadata()
                  .addToStringData("api", "https://api.example.com")
                  .build())
          .create();
      MockApi.takeAll(server); // the test's own request

      // as ConfigMapScheduleSource#start
      try (SharedIndexInformer<ConfigMap> informer =
          client
              .configMaps()
              .inNamespace(NS)
              .withLabel("cfmr.io/schedule", "true")
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap obj) {}

                    @Override
                    public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {}

                    @Override
                    public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {}
                  },
                  0L)) {
        assertThat(informer.isRunning()).isTrue();
        Thread.sleep(300);
      }
      // as LeaseLeadership#run, with short timings
      CountDownLatch leading = new CountDownLatch(1);
      CompletableFuture<?> election =
          client
              .leaderElector()
              .withConfig(
                  new LeaderElectionConfigBuilder()
                      .withName(LEASE)
                      .withLock(new LeaseLock(NS, LEASE, "replica-1"))
                      .withLeaseDuration(Duration.ofSeconds(2))
                      .withRenewDeadline(Duration.ofMillis(1500))
                      .withRetryPeriod(Duration.ofMillis(100))
                      .withReleaseOnCancel(true)
                      .withLeaderCallbacks(
                          new LeaderCallbacks(leading::countDown, () -> {}, l -> {}))
                      .build())
              .build()
              .start();
      assertThat(leading.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(400); // a few renewals
      election.cancel(true); // releases the Lease
      Thread.sleep(300);
      // as CredentialsResolver#fromSecret
      assertThat(client.secrets().inNamespace(NS).withName(SECRET).get()).isNotNull();
      for (RecordedRequest r : MockApi.takeAll(server)) {
        calls.add(ApiCall.of(r.getMethod(), r.getPath()).orElseThrow());
      }
    } finally {
      server.destroy();
    }
    assertThat(calls)
        .allSatisfy(
            call ->
                assertThat(TABLE.stream().anyMatch(row -> row.covers(call)))
                    .as("%s is not in DaemonRbacTest.TABLE", call)
                    .isTrue());
    assertThat(TABLE)
        .allSatisfy(
            row ->
                assertThat(calls.stream().anyMatch(row::covers))
                    .as("row %s (%s) was never called", row.call(), row.madeBy())
                    .isTrue());
  }

  @Test
  void theRoleIsBoundToTheDaemonsServiceAccountWhichTheDeploymentUses() {
    List<HasMetadata> overlay = DeployFiles.added(DeployFiles.DAEMON, DeployFiles.BASE);
    assertThat(overlay)
        .filteredOn(RoleBinding.class::isInstance)
        .map(RoleBinding.class::cast)
        .singleElement()
        .satisfies(
            binding -> {
              assertThat(binding.getRoleRef().getName()).isEqualTo(SA);
              assertThat(binding.getSubjects())
                  .singleElement()
                  .satisfies(
                      s -> {
                        assertThat(s.getKind()).isEqualTo("ServiceAccount");
                        assertThat(s.getName()).isEqualTo(SA);
                        assertThat(s.getNamespace()).isEqualTo(NS);
                      });
            });
    assertThat(DeployManifestsTest.deployment(overlay, "cfmr-scheduler-daemon"))
        .satisfies(
            d ->
                assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName())
                    .isEqualTo(SA));
  }

  private static List<Role> daemonRoles() {
    return DeployFiles.added(DeployFiles.DAEMON, DeployFiles.BASE).stream()
        .filter(Role.class::isInstance)
        .map(Role.class::cast)
        .toList();
  }

  private static BrokerApiCalls.Row row(
      String group, String resource, String verb, String name, String madeBy) {
    return new BrokerApiCalls.Row(group, resource, NS, verb, name, madeBy, false);
  }
}
