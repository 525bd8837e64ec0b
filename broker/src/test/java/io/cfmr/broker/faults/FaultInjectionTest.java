package io.cfmr.broker.faults;

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
import io.cfmr.broker.BrokerHarness.Response;
import io.cfmr.broker.scheduler.SchedulerMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each write of provision, bind, unbind and deprovision, under each fault of {@link Fault}: the
 * broker checks what happened and retries, so the request ends 2xx with all its objects; nothing
 * the broker made is left without a record and nothing a ready record needs is missing.
 */
class FaultInjectionTest {

  @RegisterExtension
  static final BrokerHarness broker = BrokerHarness.inMode(SchedulerMode.CRONJOB).withFaults();

  private Invariant invariant;

  @BeforeEach
  void observe() {
    invariant = new Invariant(broker.client());
  }

  @AfterEach
  void disarm() {
    broker.faults().disarm();
  }

  /** A write of one step: method and the resource path it goes to. */
  record Step(String name, String method, String resource) {
    Predicate<String> path() {
      return p -> p.contains("/" + resource);
    }
  }

  static Stream<Arguments> provisionSteps() {
    return cross(
        new Step("record", "POST", "configmaps"),
        new Step("role", "POST", "roles"),
        new Step("rolebinding", "POST", "rolebindings"),
        new Step("ready", "PUT", "configmaps"));
  }

  static Stream<Arguments> c2cSteps() {
    return cross(
        new Step("record", "POST", "configmaps"),
        new Step("service", "POST", "services"),
        new Step("policy", "POST", "networkpolicies"),
        new Step("ready", "PUT", "configmaps"));
  }

  static Stream<Arguments> bindSteps() {
    return cross(
        new Step("record", "POST", "configmaps"),
        new Step("claim", "POST", "configmaps?claim"),
        new Step("cronjob", "POST", "cronjobs"),
        new Step("ready", "PUT", "configmaps"));
  }

  static Stream<Arguments> deleteSteps() {
    return cross(
        new Step("deleting", "PUT", "configmaps"),
        new Step("cronjobs", "DELETE", "cronjobs"),
        new Step("record", "DELETE", "configmaps"));
  }

  private static Stream<Arguments> cross(Step... steps) {
    List<Arguments> all = new ArrayList<>();
    for (Step step : steps) {
      for (Fault fault : Fault.values()) {
        all.add(Arguments.of(step, fault));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "scheduler provision, {0}: {1}")
  @MethodSource("provisionSteps")
  void provisionUnderFaultEndsWholeOrUndone(Step step, Fault fault) {
    String instance = id();
    arm(step, fault);
    Response response = broker.put(instancePath(instance), provisionScheduler());
    settle(response, instancePath(instance) + schedulerDelete());
    assertWholeOrNothing("instance:" + instance, invariant.objectsOfInstance(instance), 2);
    delete(instancePath(instance) + schedulerDelete());
    assertThat(invariant.orphans()).isEmpty();
  }

  @ParameterizedTest(name = "c2c provision, {0}: {1}")
  @MethodSource("c2cSteps")
  void c2cProvisionUnderFaultEndsWholeOrUndone(Step step, Fault fault) {
    String instance = id();
    arm(step, fault);
    Response response =
        broker.put(instancePath(instance), provisionC2c("backend", REFERENCE_PORTS));
    settle(response, instancePath(instance) + c2cDelete());
    assertWholeOrNothing("instance:" + instance, invariant.objectsOfInstance(instance), 2);
    delete(instancePath(instance) + c2cDelete());
    assertThat(invariant.orphans()).isEmpty();
  }

  @ParameterizedTest(name = "bind, {0}: {1}")
  @MethodSource("bindSteps")
  void bindUnderFaultEndsWithAllObjectsOrNoneAndNever200WithNothing(Step step, Fault fault) {
    String instance = provisioned();
    String app = id();
    String bindingId = id();
    String binding = bindingPath(instance, bindingId);
    arm(step, fault);
    Response response = broker.put(binding, bind(app, scheduleParameters(app)));
    settle(response, binding + schedulerDelete());
    // claim + start + stop CronJobs
    assertWholeOrNothing("binding:" + bindingId, invariant.objectsOfBinding(bindingId), 3);
    Response again = broker.put(binding, bind(app, scheduleParameters(app)));
    assertThat(again.status()).as(again.text()).isIn(200, 201);
    assertThat(invariant.objectsOfBinding(bindingId)).hasSize(3);
    delete(binding + schedulerDelete());
    delete(instancePath(instance) + schedulerDelete());
    assertThat(invariant.orphans()).isEmpty();
  }

  @ParameterizedTest(name = "unbind and deprovision, {0}: {1}")
  @MethodSource("deleteSteps")
  void unbindUnderFaultEndsGoneOrWhole(Step step, Fault fault) {
    String instance = provisioned();
    String app = id();
    String bindingId = id();
    String binding = bindingPath(instance, bindingId);
    assertThat(broker.put(binding, bind(app, scheduleParameters(app))).status()).isEqualTo(201);
    arm(step, fault);
    Response response = broker.delete(binding + schedulerDelete());
    settle(response, binding + schedulerDelete());
    assertThat(invariant.records()).doesNotContainKey("binding:" + bindingId);
    assertThat(invariant.objectsOfBinding(bindingId)).isEmpty();
    arm(step, fault);
    settle(
        broker.delete(instancePath(instance) + schedulerDelete()),
        instancePath(instance) + schedulerDelete());
    assertThat(invariant.records()).doesNotContainKey("instance:" + instance);
    assertThat(invariant.orphans()).isEmpty();
  }

  private static String provisioned() {
    String instance = id();
    assertThat(broker.put(instancePath(instance), provisionScheduler()).status()).isEqualTo(201);
    return instance;
  }

  private static void arm(Step step, Fault fault) {
    FaultyApiServer server = broker.faults();
    if (step.resource().endsWith("?claim")) {
      // the claim is the ConfigMap create after the record's, which is only slowed
      server.arm("POST", p -> p.endsWith("/configmaps"), Fault.SLOW);
      server.arm("POST", p -> p.endsWith("/configmaps"), fault);
    } else {
      server.arm(step.method(), step.path(), fault);
    }
  }

  /**
   * One fault is absorbed: the broker checks and retries within its deadline, so the request
   * succeeds. Were it a 5xx, the Cloud Controller's orphan-mitigation DELETE runs first, so that
   * the failure shows with what it left.
   */
  private static void settle(Response response, String deletePath) {
    if (response.status() >= 500) {
      delete(deletePath);
    }
    assertThat(response.status()).as(response.text()).isBetween(200, 299);
  }

  private static void delete(String path) {
    for (int i = 0; i < 11; i++) {
      int status = broker.delete(path).status();
      if (status == 200 || status == 410) {
        return;
      }
    }
    throw new AssertionError("DELETE " + path + " never succeeded");
  }

  private void assertWholeOrNothing(String record, Set<String> objects, int all) {
    String state = invariant.records().get(record);
    if (state == null) {
      assertThat(objects).as("objects of %s, which has no record", record).isEmpty();
    } else {
      assertThat(state).isEqualTo("ready");
      assertThat(objects).as("objects of ready %s", record).hasSize(all);
    }
  }
}
