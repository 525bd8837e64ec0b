package io.cfmr.broker.deploy;

import static io.cfmr.broker.Requests.REFERENCE_PORTS;
import static io.cfmr.broker.Requests.bind;
import static io.cfmr.broker.Requests.bindingPath;
import static io.cfmr.broker.Requests.c2cDelete;
import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionC2c;
import static io.cfmr.broker.Requests.provisionScheduler;
import static io.cfmr.broker.Requests.scheduleParameters;
import static io.cfmr.broker.Requests.schedulerDelete;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.broker.BrokerHarness;
import io.cfmr.broker.kube.MockApi;
import io.cfmr.broker.kube.Names;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.cfmr.broker.scheduler.SchedulerResources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker's Roles in {@code deploy/} grant exactly what its code calls. The broker runs over a
 * CRUD mock API server in each SCHEDULER_MODE through every OSB operation (including the rollback
 * of a request that fails part-way, and the 409s) and {@code /readyz}; each request the mock
 * receives is mapped to (group, resource, namespace, verb), then compared with {@link
 * BrokerApiCalls#TABLE}, and the table with the Roles, both ways.
 */
class BrokerRbacTest {

  private static final String BROKER_SA = "cfmr-broker";

  /** What each mode's run made the mock receive. */
  private static final Map<SchedulerMode, Recorded> RECORDED =
      new java.util.EnumMap<>(SchedulerMode.class);

  record Recorded(List<ApiCall> calls, List<String> nonResource) {}

  @BeforeAll
  static void runTheBrokerInEveryMode() throws InterruptedException {
    for (SchedulerMode mode : SchedulerMode.values()) {
      RECORDED.put(mode, exercise(mode));
    }
  }

  @Test
  void everyCallTheBrokerMakesIsInTheTable() {
    RECORDED.forEach(
        (mode, recorded) ->
            assertThat(recorded.calls())
                .as("calls in %s mode missing from BrokerApiCalls.TABLE", mode)
                .allSatisfy(
                    call ->
                        assertThat(BrokerApiCalls.TABLE.stream().anyMatch(row -> row.covers(call)))
                            .as("%s", call)
                            .isTrue()));
  }

  @Test
  void everyRowOfTheTableIsACallTheBrokerMakes() {
    List<ApiCall> all = RECORDED.values().stream().flatMap(r -> r.calls().stream()).toList();
    assertThat(BrokerApiCalls.TABLE)
        .filteredOn(row -> !row.escalationOnly())
        .allSatisfy(
            row ->
                assertThat(all.stream().anyMatch(row::covers))
                    .as("row %s (%s) was never called: remove it", row.call(), row.madeBy())
                    .isTrue());
  }

  @Test
  void theRolesGrantExactlyTheTable() {
    Set<ApiCall> table =
        BrokerApiCalls.TABLE.stream()
            .map(BrokerApiCalls.Row::call)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    Set<ApiCall> granted = grants(brokerRoles());
    assertThat(granted).as("granted but needed by no row").isSubsetOf(table);
    assertThat(table).as("in the table but not granted").isSubsetOf(granted);
  }

  @Test
  void theBrokerHoldsWhatTheTogglersRoleGrantsSoItMayCreateAndBindIt() {
    Role toggler = SchedulerResources.role(BrokerHarness.config(SchedulerMode.CRONJOB).toggler());
    Set<ApiCall> needed = grants(List.of(toggler));
    assertThat(grants(brokerRoles())).containsAll(needed);
  }

  @Test
  void discoveryIsTheOnlyNonResourceRequestAndOnlyInAutoMode() {
    RECORDED.forEach(
        (mode, recorded) -> {
          if (mode != SchedulerMode.AUTO) {
            assertThat(recorded.nonResource()).as("%s mode", mode).isEmpty();
          }
          assertThat(recorded.nonResource())
              .allSatisfy(
                  request ->
                      assertThat(request)
                          .startsWith("GET ")
                          .satisfies(
                              r ->
                                  assertThat(
                                          BrokerApiCalls.DISCOVERY_PREFIXES.stream()
                                              .anyMatch(p -> r.substring(4).startsWith(p)))
                                      .as("covered by system:discovery: %s", r)
                                      .isTrue()));
        });
    assertThat(RECORDED.get(SchedulerMode.AUTO).nonResource())
        .as("auto mode asks the API server whether it serves batch/v1 CronJob")
        .anyMatch(r -> r.startsWith("GET /apis/batch/v1"));
  }

  @Test
  void theRolesAreBoundToTheBrokersServiceAccountAndNothingIsClusterWide() {
    List<HasMetadata> base = DeployFiles.rendered(DeployFiles.BASE);
    assertThat(base).noneMatch(o -> o instanceof ClusterRole || o instanceof ClusterRoleBinding);
    List<Role> roles = brokerRoles();
    assertThat(roles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder(BrokerApiCalls.SCHEDULER, BrokerApiCalls.C2C);
    Deployment broker =
        base.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .filter(d -> d.getMetadata().getName().equals("cfmr-broker"))
            .findFirst()
            .orElseThrow();
    assertThat(broker.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(BROKER_SA);
  }

  /** The Roles bound to the broker's ServiceAccount in the base. */
  static List<Role> brokerRoles() {
    List<HasMetadata> base = DeployFiles.rendered(DeployFiles.BASE);
    List<Role> bound = new ArrayList<>();
    for (HasMetadata object : base) {
      if (object instanceof RoleBinding binding
          && binding.getSubjects().stream()
              .anyMatch(
                  s ->
                      s.getKind().equals("ServiceAccount")
                          && s.getName().equals(BROKER_SA)
                          && BrokerApiCalls.SCHEDULER.equals(s.getNamespace()))) {
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
        String ns = binding.getMetadata().getNamespace();
        base.stream()
            .filter(Role.class::isInstance)
            .map(Role.class::cast)
            .filter(r -> r.getMetadata().getNamespace().equals(ns))
            .filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName()))
            .forEach(bound::add);
      }
    }
    return bound;
  }

  /** Each (group, resource, namespace, verb[, name]) the Roles grant; wildcards are refused. */
  static Set<ApiCall> grants(List<Role> roles) {
    Set<ApiCall> grants = new LinkedHashSet<>();
    for (Role role : roles) {
      for (PolicyRule rule : role.getRules()) {
        assertThat(rule.getApiGroups()).doesNotContain("*");
        assertThat(rule.getResources()).doesNotContain("*");
        assertThat(rule.getVerbs()).doesNotContain("*");
        List<String> names = rule.getResourceNames().isEmpty() ? null : rule.getResourceNames();
        for (String group : rule.getApiGroups()) {
          for (String resource : rule.getResources()) {
            for (String verb : rule.getVerbs()) {
              String ns = role.getMetadata().getNamespace();
              if (names == null) {
                grants.add(new ApiCall(group, resource, ns, verb, null));
              } else {
                names.forEach(n -> grants.add(new ApiCall(group, resource, ns, verb, n)));
              }
            }
          }
        }
      }
    }
    return grants;
  }

  /** Every OSB operation of both offerings, and /readyz, with the broker in {@code mode}. */
  private static Recorded exercise(SchedulerMode mode) throws InterruptedException {
    try (BrokerHarness broker = BrokerHarness.start(mode)) {
      Recorder recorder = new Recorder(broker);
      assertThat(broker.get("/readyz").status()).isEqualTo(200);
      assertThat(broker.get("/v2/catalog").status()).isEqualTo(200);

      // scheduler: two instances share the toggler's Role; bind, a second schedule, unbind
      String first = id();
      String second = id();
      assertThat(broker.put(instancePath(first), provisionScheduler()).status()).isEqualTo(201);
      assertThat(broker.put(instancePath(first), provisionScheduler()).status()).isEqualTo(200);
      assertThat(broker.put(instancePath(second), provisionScheduler()).status()).isEqualTo(201);
      assertThat(broker.get(instancePath(first)).status()).isEqualTo(200);
      String app = id();
      String binding = bindingPath(first, id());
      assertThat(broker.put(binding, bind(app, scheduleParameters(app))).status()).isEqualTo(201);
      assertThat(broker.get(binding).status()).isEqualTo(200);
      assertThat(broker.put(bindingPath(first, id()), bind(app, scheduleParameters(app))).status())
          .isEqualTo(409);

      // a bind failing part-way: the start CronJob is made, the stop one is in the way
      if (mode == SchedulerMode.CRONJOB) {
        String blocked = id();
        recorder.record();
        broker
            .client()
            .resource(
                new CronJobBuilder()
                    .withMetadata(
                        new ObjectMetaBuilder()
                            .withName("cfmr-appstop-" + blocked)
                            .withNamespace(BrokerApiCalls.SCHEDULER)
                            .build())
                    .withNewSpec()
                    .withSchedule("0 0 * * *")
                    .endSpec()
                    .build())
            .create();
        recorder.skip();
        assertThat(
                broker
                    .put(bindingPath(first, id()), bind(blocked, scheduleParameters(blocked)))
                    .status())
            .isEqualTo(409);
      }

      assertThat(broker.delete(binding + schedulerDelete()).status()).isEqualTo(200);
      assertThat(broker.delete(instancePath(second) + schedulerDelete()).status()).isEqualTo(200);
      assertThat(broker.delete(instancePath(first) + schedulerDelete()).status()).isEqualTo(200);

      // c2c: two frontends share a backend's Service; different ports are a 409
      String front = id();
      String alsoFront = id();
      assertThat(broker.put(instancePath(front), provisionC2c("backend", REFERENCE_PORTS)).status())
          .isEqualTo(201);
      assertThat(
              broker
                  .put(instancePath(alsoFront), provisionC2c("backend", REFERENCE_PORTS))
                  .status())
          .isEqualTo(201);
      String otherPorts = "[{\"name\":\"web\",\"port\":8080}]";
      assertThat(broker.put(instancePath(id()), provisionC2c("backend", otherPorts)).status())
          .isEqualTo(409);

      // a c2c provision failing part-way: the Service is made, the NetworkPolicy is in the way
      String blockedInstance = id();
      recorder.record();
      broker
          .client()
          .resource(
              new NetworkPolicyBuilder()
                  .withMetadata(
                      new ObjectMetaBuilder()
                          .withName(Names.networkPolicy(blockedInstance, "other"))
                          .withNamespace(BrokerApiCalls.C2C)
                          .build())
                  .build())
          .create();
      recorder.skip();
      assertThat(
              broker
                  .put(instancePath(blockedInstance), provisionC2c("other", REFERENCE_PORTS))
                  .status())
          .isEqualTo(409);

      assertThat(broker.delete(instancePath(front) + c2cDelete()).status()).isEqualTo(200);
      assertThat(broker.delete(instancePath(alsoFront) + c2cDelete()).status()).isEqualTo(200);
      assertThat(broker.delete(instancePath(front) + c2cDelete()).status()).isEqualTo(410);
      assertThat(broker.get("/readyz").status()).isEqualTo(200);

      recorder.record();
      return new Recorded(List.copyOf(recorder.calls), List.copyOf(recorder.nonResource));
    }
  }

  /** Drains the mock server's request queue: what the broker sent, or what the test sent. */
  private static final class Recorder {
    final BrokerHarness broker;
    final List<ApiCall> calls = new ArrayList<>();
    final List<String> nonResource = new ArrayList<>();

    Recorder(BrokerHarness broker) {
      this.broker = broker;
    }

    void record() throws InterruptedException {
      for (RecordedRequest request : MockApi.takeAll(broker.server())) {
        ApiCall.of(request.getMethod(), request.getPath())
            .ifPresentOrElse(
                calls::add, () -> nonResource.add(request.getMethod() + " " + request.getPath()));
      }
    }

    /** Drops the test's own requests. */
    void skip() throws InterruptedException {
      MockApi.takeAll(broker.server());
    }
  }
}
