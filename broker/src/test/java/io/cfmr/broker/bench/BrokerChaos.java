package io.cfmr.broker.bench;

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

import io.cfmr.broker.BrokerHarness;
import io.cfmr.broker.faults.FaultyApiServer;
import io.cfmr.broker.faults.Invariant;
import io.cfmr.broker.scheduler.SchedulerMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench/broker-chaos}: random provision/bind/unbind/deprovision requests from C clients
 * against the broker over a mock API server that faults a share of all calls; after each 5xx the
 * client sends the Cloud Controller's orphan-mitigation DELETE (repeated while it is a 5xx or a
 * 422). Prints requests, faults injected, orphans (objects without a record), lost objects (a 2xx
 * whose objects are missing) and 5xx answers to requests whose calls met no fault.
 */
public final class BrokerChaos {

  private static final String BACKEND = "backend";

  private final BrokerHarness broker;
  private final FaultyApiServer server;
  private final Map<String, Boolean> instances = new ConcurrentHashMap<>(); // id -> c2c?
  private final Map<String, String> bindings = new ConcurrentHashMap<>(); // binding -> instance
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger mitigations = new AtomicInteger();
  private final AtomicInteger unfaulted5xx = new AtomicInteger();
  private final AtomicInteger sequence = new AtomicInteger();

  private BrokerChaos(BrokerHarness broker) {
    this.broker = broker;
    this.server = broker.faults();
  }

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    double share = args.length > 2 ? Double.parseDouble(args[2]) : 0.10;
    try (BrokerHarness broker =
        BrokerHarness.inMode(SchedulerMode.CRONJOB).withFaults().started()) {
      new BrokerChaos(broker).run(total, clients, share);
    }
  }

  private void run(int total, int clients, double share) throws InterruptedException {
    server.faultRandomly(share);
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    for (int i = 0; i < clients; i++) {
      pool.execute(
          () -> {
            while (requests.get() < total) {
              randomRequest();
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.MINUTES);
    server.disarm();
    Invariant invariant = new Invariant(broker.client());
    List<String> orphans = invariant.orphans();
    List<String> lost = lost(invariant);
    System.out.printf(
        "broker-chaos: %d requests (%d of them orphan-mitigation DELETEs) from %d clients in %.0f"
            + " s%n",
        requests.get(), mitigations.get(), clients, (System.nanoTime() - start) / 1e9);
    System.out.printf(
        "faults injected %d (%.0f%% of API calls); orphans %d; lost %d; 5xx without a fault %d%n",
        server.faultsInjected(), share * 100, orphans.size(), lost.size(), unfaulted5xx.get());
    orphans.forEach(o -> System.out.println("orphan: " + o));
    lost.forEach(l -> System.out.println("lost: " + l));
  }

  private void randomRequest() {
    int dice = ThreadLocalRandom.current().nextInt(100);
    if (dice < 25 || instances.isEmpty()) {
      provision(dice % 2 == 0);
    } else if (dice < 60) {
      bindSome();
    } else if (dice < 80 && !bindings.isEmpty()) {
      unbindSome();
    } else {
      deprovisionSome();
    }
  }

  private void provision(boolean c2c) {
    String instance = id();
    String body = c2c ? provisionC2c(BACKEND, REFERENCE_PORTS) : provisionScheduler();
    int status = send("PUT", instancePath(instance), body);
    if (status == 201) {
      instances.put(instance, c2c);
    } else {
      mitigate(status, instancePath(instance) + (c2c ? c2cDelete() : schedulerDelete()));
    }
  }

  private void bindSome() {
    String instance =
        pick(
            instances.entrySet().stream().filter(e -> !e.getValue()).map(e -> e.getKey()).toList());
    if (instance == null) {
      provision(false);
      return;
    }
    String binding = id();
    String app = id();
    String path = bindingPath(instance, binding);
    synchronized (lock(instance)) {
      if (!instances.containsKey(instance)) {
        return; // deprovisioned meanwhile: the Cloud Controller binds only live instances
      }
      int status = send("PUT", path, bind(app, scheduleParameters(app)));
      if (status == 201) {
        bindings.put(binding, instance);
      } else {
        mitigate(status, path + schedulerDelete());
      }
    }
  }

  private Object lock(String instance) {
    return locks.computeIfAbsent(instance, k -> new Object());
  }

  private void unbindSome() {
    String binding = pick(new ArrayList<>(bindings.keySet()));
    String instance = binding == null ? null : bindings.remove(binding);
    if (instance == null) {
      return;
    }
    String path = bindingPath(instance, binding) + schedulerDelete();
    mitigate(send("DELETE", path, null), path);
  }

  private void deprovisionSome() {
    String instance = pick(new ArrayList<>(instances.keySet()));
    if (instance == null) {
      return;
    }
    synchronized (lock(instance)) {
      // the Cloud Controller unbinds before it deprovisions
      if (bindings.containsValue(instance)) {
        return;
      }
      Boolean c2c = instances.remove(instance);
      if (c2c == null) {
        return;
      }
      String path = instancePath(instance) + (c2c ? c2cDelete() : schedulerDelete());
      mitigate(send("DELETE", path, null), path);
    }
  }

  /** The Cloud Controller's orphan mitigation: DELETE after a 5xx, up to 11 times. */
  private void mitigate(int status, String deletePath) {
    for (int i = 0; i < 11 && (status >= 500 || status == 422); i++) {
      mitigations.incrementAndGet();
      status = send("DELETE", deletePath, null);
    }
  }

  private int send(String method, String path, String body) {
    requests.incrementAndGet();
    String identity = "chaos-" + sequence.incrementAndGet();
    int status =
        broker.send(method, path, body, Map.of("X-Broker-API-Request-Identity", identity)).status();
    if (status >= 500 && !server.faultedRequests().contains(identity)) {
      unfaulted5xx.incrementAndGet();
      System.out.println("5xx without a fault: " + method + " " + path);
    }
    return status;
  }

  /** Live instances and bindings (by this client's books) whose objects are missing. */
  private List<String> lost(Invariant invariant) {
    List<String> lost = new ArrayList<>();
    Map<String, String> records = invariant.records();
    bindings.forEach(
        (binding, instance) -> {
          if (!"ready".equals(records.get("binding:" + binding))
              || invariant.objectsOfBinding(binding).size() != 3) {
            lost.add("binding " + binding);
          }
        });
    instances.forEach(
        (instance, c2c) -> {
          if (!"ready".equals(records.get("instance:" + instance))
              || invariant.objectsOfInstance(instance).size() != 2) {
            lost.add("instance " + instance);
          }
        });
    return lost;
  }

  private static String pick(List<String> from) {
    return from.isEmpty() ? null : from.get(ThreadLocalRandom.current().nextInt(from.size()));
  }
}
