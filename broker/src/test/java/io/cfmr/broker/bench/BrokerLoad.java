package io.cfmr.broker.bench;

import static io.cfmr.broker.Requests.id;

import io.cfmr.broker.BrokerHarness;
import io.cfmr.broker.scheduler.SchedulerMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench/broker-load}: N binds and unbinds (distinct apps) from C concurrent clients against
 * the broker over the fabric8 CRUD mock API; prints p50/p99 latency, errors and heap.
 */
public final class BrokerLoad {

  private BrokerLoad() {}

  public static void main(String[] args) throws Exception {
    int operations = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    try (BrokerHarness broker =
        BrokerHarness.inMode(SchedulerMode.CRONJOB).withSchedulerInstance().started()) {
      warmUp(broker);
      List<Long> bindNanos = Collections.synchronizedList(new ArrayList<>());
      List<Long> unbindNanos = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger errors = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long start = System.nanoTime();
      for (int i = 0; i < operations; i++) {
        pool.execute(() -> cycle(broker, bindNanos, unbindNanos, errors));
      }
      pool.shutdown();
      if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the load run did not finish within 10 minutes");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Runtime runtime = Runtime.getRuntime();
      System.gc();
      System.out.printf(
          "broker-load: %d binds + %d unbinds, %d clients, %.1f s (%.0f req/s)%n",
          operations, operations, clients, seconds, 2 * operations / seconds);
      System.out.println("bind   " + percentiles(bindNanos));
      System.out.println("unbind " + percentiles(unbindNanos));
      System.out.printf(
          "errors %d; heap used after GC %d MB of %d MB max%n",
          errors.get(),
          (runtime.totalMemory() - runtime.freeMemory()) / (1 << 20),
          runtime.maxMemory() / (1 << 20));
    }
  }

  private static void warmUp(BrokerHarness broker) {
    List<Long> ignored = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    for (int i = 0; i < 50; i++) {
      cycle(broker, ignored, ignored, errors);
    }
  }

  private static void cycle(
      BrokerHarness broker, List<Long> bindNanos, List<Long> unbindNanos, AtomicInteger errors) {
    String app = id();
    String binding = broker.newBinding();
    long t0 = System.nanoTime();
    int bound = broker.bindSchedule(binding, app).status();
    long t1 = System.nanoTime();
    int unbound = broker.unbindSchedule(binding).status();
    long t2 = System.nanoTime();
    bindNanos.add(t1 - t0);
    unbindNanos.add(t2 - t1);
    if (bound != 201) {
      errors.incrementAndGet();
    }
    if (unbound != 200) {
      errors.incrementAndGet();
    }
  }

  private static String percentiles(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return String.format(
        "p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        at(sorted, 0.50), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
  }

  private static double at(List<Long> sorted, double quantile) {
    return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1))
        / 1e6;
  }
}
