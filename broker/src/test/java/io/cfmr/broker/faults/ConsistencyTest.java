package io.cfmr.broker.faults;

import static io.cfmr.broker.Requests.bind;
import static io.cfmr.broker.Requests.cronStart;
import static io.cfmr.broker.Requests.cronStop;
import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionScheduler;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.broker.AtOnce;
import io.cfmr.broker.BrokerHarness;
import io.cfmr.broker.BrokerHarness.Response;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The deadline, shared objects under concurrency, and one schedule per app whatever the sides. */
class ConsistencyTest {

  @RegisterExtension
  static final BrokerHarness broker =
      BrokerHarness.inMode(SchedulerMode.CRONJOB).withSchedulerInstance();

  @Test
  void aRequestPastItsDeadlineAnswers5xxAndLeavesNothing() {
    try (BrokerHarness slow =
        BrokerHarness.inMode(SchedulerMode.CRONJOB)
            .withSchedulerInstance()
            .withFaults()
            .withDeadline(Duration.ofMillis(1500))
            .started()) {
      FaultyApiServer server = slow.faults();
      // every call from now on answers after half the client's timeout: a bind needs more
      for (int i = 0; i < 20; i++) {
        server.arm("POST", p -> true, Fault.SLOW);
        server.arm("GET", p -> true, Fault.SLOW);
      }
      long start = System.nanoTime();
      String app = id();
      Response response = slow.bindSchedule(slow.newBinding(), app);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(response.status()).as(response.text()).isBetween(500, 599);
      assertThat(millis).isLessThan(1500 + 10_000);
      server.disarm();
      Invariant invariant = new Invariant(slow.client());
      assertThat(invariant.orphans()).isEmpty();
      assertThat(invariant.records()).hasSize(1);
    }
  }

  @Test
  void aStartOnlyAndAStopOnlyBindOfOneAppCannotBothSucceed() throws Exception {
    String app = id();
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String parameters = i % 2 == 0 ? cronStart("*/2 * * * *") : cronStop("1/2 * * * *");
      calls.add(() -> broker.put(broker.newBinding(), bind(app, parameters)).status());
    }
    assertThat(AtOnce.run(calls)).containsOnlyOnce(201).containsOnly(201, 409);
    assertThat(broker.cronJobsOf(app)).hasSize(1);
  }

  @Test
  void concurrentProvisionsAndDeprovisionsKeepTheRoleExactlyWhileAnInstanceLives()
      throws Exception {
    // a broker of its own: the Role must go with the last instance
    try (BrokerHarness own = BrokerHarness.start()) {
      for (int round = 0; round < 5; round++) {
        String kept = id();
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          String instance = id();
          assertThat(own.put(instancePath(instance), provisionScheduler()).status()).isEqualTo(201);
          gone.add(instance);
        }
        List<Callable<Integer>> calls = new ArrayList<>();
        gone.forEach(
            instance -> calls.add(() -> own.unbindSchedule(instancePath(instance)).status()));
        calls.add(() -> own.put(instancePath(kept), provisionScheduler()).status());
        assertThat(AtOnce.run(calls)).containsOnly(200, 201);
        assertThat(role(own)).as("the Role of the instance provisioned meanwhile").isNotNull();
        assertThat(
                own.client()
                    .rbac()
                    .roleBindings()
                    .inNamespace(BrokerHarness.NAMESPACE)
                    .withName("cfmr-toggler")
                    .get())
            .isNotNull();
        assertThat(own.unbindSchedule(instancePath(kept)).status()).isEqualTo(200);
        assertThat(role(own)).isNull();
      }
    }
  }

  private static HasMetadata role(BrokerHarness harness) {
    return harness
        .client()
        .rbac()
        .roles()
        .inNamespace(BrokerHarness.NAMESPACE)
        .withName("cfmr-toggler")
        .get();
  }
}
