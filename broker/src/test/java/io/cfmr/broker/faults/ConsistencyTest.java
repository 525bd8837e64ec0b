package io.cfmr.broker.faults;

import static io.cfmr.broker.Requests.bind;
import static io.cfmr.broker.Requests.bindingPath;
import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionScheduler;
import static io.cfmr.broker.Requests.schedulerDelete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfmr.broker.Broker;
import io.cfmr.broker.BrokerConfig;
import io.cfmr.broker.BrokerHarness;
import io.cfmr.broker.BrokerHarness.Response;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The deadline, shared objects under concurrency, and one schedule per app whatever the sides. */
class ConsistencyTest {

  @Test
  void aRequestPastItsDeadlineAnswers5xxAndLeavesNothing() {
    try (FaultyApiServer server = new FaultyApiServer();
        KubernetesClient client = server.brokerClient();
        KubernetesClient observer = server.observer()) {
      BrokerConfig base = BrokerHarness.config(SchedulerMode.CRONJOB);
      Broker broker = Broker.start(withDeadline(base, Duration.ofMillis(1500)), client);
      try {
        String instance = id();
        assertThat(send(broker, "PUT", instancePath(instance), provisionScheduler()).status())
            .isEqualTo(201);
        // every call from now on answers after half the client's timeout: a bind needs more
        for (int i = 0; i < 20; i++) {
          server.arm("POST", p -> true, Fault.SLOW);
          server.arm("GET", p -> true, Fault.SLOW);
        }
        String app = id();
        long start = System.nanoTime();
        Response response =
            send(broker, "PUT", bindingPath(instance, id()), bind(app, schedule(app, true, true)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.status()).as(response.text()).isBetween(500, 599);
        assertThat(millis).isLessThan(1500 + 10_000);
        server.disarm();
        Invariant invariant = new Invariant(observer);
        assertThat(invariant.orphans()).isEmpty();
        assertThat(invariant.records()).hasSize(1);
      } finally {
        broker.close();
      }
    }
  }

  @Test
  void aDeadlineOutsideOneToFiftySecondsStopsTheBrokerWithAClearError() {
    Map<String, String> env = new HashMap<>();
    env.put("BROKER_USERNAME", "u");
    env.put("BROKER_PASSWORD", "p");
    env.put("BROKER_REQUEST_DEADLINE", "59s");
    assertThatThrownBy(() -> BrokerConfig.fromEnvironment(env))
        .hasMessageContaining("BROKER_REQUEST_DEADLINE must be between 1s and 50s");
    env.put("BROKER_REQUEST_DEADLINE", "soon");
    assertThatThrownBy(() -> BrokerConfig.fromEnvironment(env))
        .hasMessageContaining("BROKER_REQUEST_DEADLINE must be a duration such as 45s");
    env.put("BROKER_REQUEST_DEADLINE", "30000ms");
    assertThat(BrokerConfig.fromEnvironment(env).requestDeadline())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aStartOnlyAndAStopOnlyBindOfOneAppCannotBothSucceed() throws Exception {
    try (BrokerHarness broker = BrokerHarness.start()) {
      String instance = id();
      assertThat(broker.put(instancePath(instance), provisionScheduler()).status()).isEqualTo(201);
      String app = id();
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        boolean start = i % 2 == 0;
        calls.add(
            () ->
                broker
                    .put(bindingPath(instance, id()), bind(app, schedule(app, start, !start)))
                    .status());
      }
      assertThat(all(calls)).containsOnlyOnce(201).containsOnly(201, 409);
      assertThat(
              broker
                  .client
                  .batch()
                  .v1()
                  .cronjobs()
                  .inNamespace("cfmr")
                  .withLabel("cloudfoundry.org/app_guid", app)
                  .list()
                  .getItems())
          .hasSize(1);
    }
  }

  @Test
  void concurrentProvisionsAndDeprovisionsKeepTheRoleExactlyWhileAnInstanceLives()
      throws Exception {
    try (BrokerHarness broker = BrokerHarness.start()) {
      for (int round = 0; round < 5; round++) {
        String kept = id();
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          String instance = id();
          assertThat(broker.put(instancePath(instance), provisionScheduler()).status())
              .isEqualTo(201);
          gone.add(instance);
        }
        List<Callable<Integer>> calls = new ArrayList<>();
        gone.forEach(
            instance ->
                calls.add(
                    () -> broker.delete(instancePath(instance) + schedulerDelete()).status()));
        calls.add(() -> broker.put(instancePath(kept), provisionScheduler()).status());
        assertThat(all(calls)).containsOnly(200, 201);
        assertThat(broker.client.rbac().roles().inNamespace("cfmr").withName("cfmr-toggler").get())
            .as("the Role of the instance provisioned meanwhile")
            .isNotNull();
        assertThat(
                broker
                    .client
                    .rbac()
                    .roleBindings()
                    .inNamespace("cfmr")
                    .withName("cfmr-toggler")
                    .get())
            .isNotNull();
        assertThat(broker.delete(instancePath(kept) + schedulerDelete()).status()).isEqualTo(200);
        assertThat(broker.client.rbac().roles().inNamespace("cfmr").withName("cfmr-toggler").get())
            .isNull();
      }
    }
  }

  private static List<Integer> all(List<Callable<Integer>> calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(calls.size());
    try {
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String schedule(String app, boolean start, boolean stop) {
    List<String> sides = new ArrayList<>();
    if (start) {
      sides.add("\"start\":\"*/2 * * * *\"");
    }
    if (stop) {
      sides.add("\"stop\":\"1/2 * * * *\"");
    }
    return "{\"app-guid\":\"" + app + "\",\"cron\":{" + String.join(",", sides) + "}}";
  }

  private static BrokerConfig withDeadline(BrokerConfig c, Duration deadline) {
    return new BrokerConfig(
        c.username(),
        c.password(),
        c.port(),
        c.schedulerNamespace(),
        c.c2cNamespace(),
        c.togglerImage(),
        c.togglerSecret(),
        c.togglerServiceAccount(),
        c.schedulerMode(),
        deadline);
  }

  private static Response send(Broker broker, String method, String path, String body) {
    return BrokerHarness.send(broker, method, path, body, Map.of());
  }
}
