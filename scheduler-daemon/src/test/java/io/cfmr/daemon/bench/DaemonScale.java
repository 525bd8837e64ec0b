package io.cfmr.daemon.bench;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfmr.cli.LogFormat;
import io.cfmr.daemon.Convergence;
import io.cfmr.daemon.Daemon;
import io.cfmr.daemon.DaemonConfig;
import io.cfmr.daemon.DaemonEnv;
import io.cfmr.daemon.Tuning;
import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.schedule.ScheduleConfigMap;
import io.cfmr.toggler.ToggleOutcome;
import io.cfmr.toggler.credentials.CredentialOptions;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * {@code bench/daemon-scale}: the daemon with N apps, against the stand-in Cloud Controller at
 * {@code CF_API} (its own process, every answer 5 ms late). The daemon starts with the N schedules
 * in its file and reconciles them (every app is STOPPED in the stand-in); then one schedule is
 * changed (a reload of one change).
 *
 * <ul>
 *   <li>{@code herd}: every app starts at the same second (a minute or so ahead) and stops an hour
 *       later: two expressions for all; the start firings are measured.
 *   <li>{@code distinct}: every app has a start and a stop expression of its own (2N expressions),
 *       daily at distinct seconds: the memory and load of the worst case.
 * </ul>
 *
 * <p>Usage: {@code DaemonScale herd|distinct APPS MAX_CONCURRENT_TOGGLES}.
 */
public final class DaemonScale {

  private static final String NAMESPACE = "cfmr";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The stand-in's delay per answer; a toggle of a STOPPED app is a GET and a POST. */
  private static final int ANSWER_MILLIS = 5;

  public static void main(String[] args) throws Exception {
    boolean herd = args[0].equals("herd");
    int apps = Integer.parseInt(args[1]);
    int pool = Integer.parseInt(args[2]);
    // BENCH_RATE: --max-toggles-per-second (0, the default here: no rate, only the pool bounds).
    int rate = Integer.parseInt(System.getenv().getOrDefault("BENCH_RATE", "0"));
    // One line per toggle would measure the terminal; the counts come from the metrics events.
    quiet("io.cfmr.daemon.toggle", "io.cfmr.daemon.schedule", "org.quartz");

    Recorder recorder = new Recorder(apps);
    ZonedDateTime due =
        Instant.now()
            // Far enough ahead for the start-up reconcile of every app, which the rate paces too.
            .plusSeconds(Math.max(45, 15 + apps * 8L / 1000 + (rate == 0 ? 0 : apps / rate)))
            .truncatedTo(ChronoUnit.SECONDS)
            .atZone(ZoneOffset.UTC);
    IntFunction<String> schedule = herd ? i -> herd(due) : DaemonScale::distinct;
    Path file =
        Files.writeString(
            Files.createTempFile("daemon-scale", ".json"), BenchSchedules.json(apps, schedule));
    // BENCH_SOURCE: where the daemon reads the schedules (file, the default, or configmaps).
    boolean fromConfigMaps =
        System.getenv().getOrDefault("BENCH_SOURCE", "file").equals("configmaps");
    Optional<String> kubernetesUrl =
        fromConfigMaps ? Optional.of(startKubeStandIn(file)) : Optional.empty();
    DaemonConfig config =
        new DaemonConfig(
            fromConfigMaps ? Optional.empty() : Optional.of(file),
            fromConfigMaps,
            fromConfigMaps ? Optional.of(NAMESPACE) : Optional.empty(),
            false,
            0,
            pool,
            new Convergence(Duration.ofMinutes(5), rate, Duration.ZERO),
            Optional.empty(),
            false,
            LogFormat.TEXT,
            CredentialOptions.of(null, null, null, System.getenv()),
            benchTuning());
    DaemonEnv production = DaemonEnv.production();
    Supplier<KubernetesClient> kubernetes =
        kubernetesUrl
            .<Supplier<KubernetesClient>>map(url -> () -> client(url))
            .orElse(production.kubernetes());
    DaemonEnv env = new DaemonEnv(production.clock(), kubernetes, production.togglers(), recorder);

    long starting = System.nanoTime();
    long cpuStarting = cpuNanos();
    try (Daemon daemon = Daemon.start(config, env)) {
      // Daemon.start returns once the schedules are loaded, the triggers set and every app's
      // reconcile submitted.
      double started = seconds(System.nanoTime() - starting);
      double startCpu = seconds(cpuNanos() - cpuStarting);
      await(() -> recorder.toggles.get() >= apps, Duration.ofMinutes(5));
      double reconciled = seconds(System.nanoTime() - starting);
      System.out.printf(
          "%s, %d apps from %s: every schedule in place %.2f s after the start began, start done %.2f s"
              + " (%.2f CPU-s), %s triggers; every app reconciled %.2f s after the start;"
              + " heap after GC %d MB%n",
          herd ? "herd" : "distinct",
          apps,
          fromConfigMaps ? "ConfigMaps" : "a file",
          seconds(recorder.allScheduled - starting),
          started,
          startCpu,
          triggers(daemon),
          reconciled,
          heapAfterGc() >> 20);
      System.out.printf(
          "reload changing one schedule: %.3f s%n",
          kubernetesUrl.isPresent()
              ? changeOne(daemon, client(kubernetesUrl.get()), apps)
              : changeOne(daemon, file, apps));
      if (herd) {
        if (Instant.now().isAfter(due.toInstant())) {
          System.out.println("WARNING: set-up ran past the due second; the figures mix phases");
        }
        await(() -> Instant.now().isAfter(due.toInstant()), Duration.ofMinutes(5));
        long cpuDue = cpuNanos();
        await(
            () -> recorder.started.get() >= apps,
            Duration.ofMinutes(2).plusSeconds(rate == 0 ? 0 : 2L * apps / rate));
        reportHerd(recorder, due.toInstant(), apps, pool, rate, seconds(cpuNanos() - cpuDue));
      }
      System.out.printf(
          "heap after GC %d MB (max heap %d MB); RSS %s, peak RSS %s; UAA token requests %d%n",
          heapAfterGc() >> 20,
          Runtime.getRuntime().maxMemory() >> 20,
          proc("VmRSS"),
          proc("VmHWM"),
          recorder.tokens.get());
    }
    System.exit(0);
  }

  /**
   * Rewrites the file with the last app's schedule read in another zone (with the same firings);
   * the time until the runner has it, the file's poll interval (50 ms here) included.
   */
  private static double changeOne(Daemon daemon, Path file, int apps) throws Exception {
    String content = Files.readString(file);
    int end = content.lastIndexOf("\"}}");
    String changed =
        content.substring(0, end) + "\",\"timezone\":\"Etc/UTC\"}}" + content.substring(end + 3);
    AppGuid last = BenchSchedules.appGuid(apps - 1);
    long written = System.nanoTime();
    // Swapped in whole, as a mounted ConfigMap is: a poll must not read it half written.
    Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".next"), changed);
    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
    await(
        () -> daemon.runner().schedule(last).orElseThrow().timezone().getId().equals("Etc/UTC"),
        Duration.ofMinutes(1));
    return seconds(System.nanoTime() - written);
  }

  /**
   * Changes the last app's ConfigMap to read its schedule in another zone (with the same firings);
   * the time until the runner has it.
   */
  private static double changeOne(Daemon daemon, KubernetesClient client, int apps)
      throws Exception {
    AppGuid last = BenchSchedules.appGuid(apps - 1);
    var configMap =
        client.configMaps().inNamespace(NAMESPACE).withName("cfmr-schedule-" + last.value());
    ObjectNode json =
        (ObjectNode) JSON.readTree(configMap.get().getData().get(ScheduleConfigMap.KEY));
    ((ObjectNode) json.get("cron")).put("timezone", "Etc/UTC");
    long written = System.nanoTime();
    configMap.edit(
        edited -> {
          edited.getData().put(ScheduleConfigMap.KEY, json.toString());
          return edited;
        });
    await(
        () -> daemon.runner().schedule(last).orElseThrow().timezone().getId().equals("Etc/UTC"),
        Duration.ofMinutes(1));
    return seconds(System.nanoTime() - written);
  }

  /**
   * Starts {@link KubeStandIn} with a ConfigMap for each schedule of the file, and returns its URL
   * once they are all in. It is stopped when this process exits.
   */
  private static String startKubeStandIn(Path schedules) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process standIn =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KubeStandIn.class.getName(),
                NAMESPACE,
                schedules.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    Runtime.getRuntime().addShutdownHook(new Thread(standIn::destroyForcibly));
    long creating = System.nanoTime();
    String url =
        new BufferedReader(new InputStreamReader(standIn.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    if (url == null) {
      throw new IllegalStateException("the stand-in Kubernetes API exited: " + standIn.waitFor());
    }
    System.out.printf(
        "stand-in Kubernetes API at %s, ConfigMaps created in %.1f s%n",
        url, seconds(System.nanoTime() - creating));
    return url;
  }

  private static KubernetesClient client(String url) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(url).build())
        .build();
  }

  private static void reportHerd(
      Recorder recorder, Instant due, int apps, int pool, int rate, double cpuSeconds) {
    long[] lags = Arrays.copyOf(recorder.lagsMicros, Math.min(apps, recorder.lagCount.get()));
    Arrays.sort(lags);
    double allDone = Duration.between(due, recorder.lastStart.get()).toMillis() / 1000.0;
    // The pool's bound (a toggle is a GET and a POST), or the rate's when that is slower.
    double bound =
        Math.max(apps * 2.0 * ANSWER_MILLIS / 1000.0 / pool, rate == 0 ? 0 : (double) apps / rate);
    System.out.printf(
        "trigger lag: p50 %d ms, p99 %d ms, max %d ms (%d apps)%n",
        percentile(lags, 0.50) / 1000,
        percentile(lags, 0.99) / 1000,
        lags[lags.length - 1] / 1000,
        lags.length);
    System.out.printf(
        "%d of %d start toggles done %.2f s after the due second (bound from pool %d, %d ms"
            + " answers and rate %s: %.2f s; %.2fx)%n",
        recorder.started.get(),
        apps,
        allDone,
        pool,
        ANSWER_MILLIS,
        rate == 0 ? "unlimited" : rate + "/s",
        bound,
        allDone / bound);
    System.out.printf(
        "daemon CPU from the due second until the last start: %.2f CPU-s, %.2f CPU-ms a toggle%n",
        cpuSeconds, cpuSeconds * 1000 / apps);
  }

  /** Starts at the due second, stops an hour later: every app STOPPED now, as the stop says. */
  private static String herd(ZonedDateTime due) {
    return startStop(BenchSchedules.daily(due, 0), BenchSchedules.daily(due, 1));
  }

  /** A start and a stop daily at seconds of the day that no other expression uses. */
  private static String distinct(int i) {
    return startStop(daily(i), daily(i + 43_200));
  }

  private static String daily(int secondOfDay) {
    return secondOfDay % 60 + " " + secondOfDay / 60 % 60 + " " + secondOfDay / 3600 + " * * *";
  }

  private static String startStop(String start, String stop) {
    return "\"start\":\"" + start + "\",\"stop\":\"" + stop + "\"";
  }

  private static void await(BooleanSupplier condition, Duration atMost) throws Exception {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("gave up after " + atMost);
      }
      Thread.sleep(10);
    }
  }

  /** Production timings, but the file polled every 50 ms: a reload's own cost shows. */
  private static Tuning benchTuning() {
    Tuning production = Tuning.defaults("bench");
    return new Tuning(
        production.toggleTimeout(),
        Duration.ofMillis(50),
        production.shutdownGrace(),
        production.misfireThreshold(),
        production.quartzThreads(),
        production.lease(),
        production.leaseName(),
        production.identity());
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** How many Quartz triggers the daemon holds. */
  private static String triggers(Daemon daemon) {
    return Integer.toString(daemon.runner().triggers().triggerCount());
  }

  private static long heapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP)
        .mapToLong(p -> p.getUsage().getUsed())
        .sum();
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static String proc(String key) throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith(key + ":"))
        .map(line -> line.substring(key.length() + 1).trim())
        .findFirst()
        .orElse("n/a");
  }

  private static void quiet(String... loggers) {
    for (String name : loggers) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
    }
  }

  /** Collects the daemon's metrics events. */
  private static final class Recorder implements DaemonMetrics {
    final long[] lagsMicros;
    final AtomicInteger lagCount = new AtomicInteger();
    final AtomicInteger toggles = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger tokens = new AtomicInteger();
    final AtomicReference<Instant> lastStart = new AtomicReference<>(Instant.EPOCH);
    final int apps;
    volatile long allScheduled;

    Recorder(int apps) {
      this.apps = apps;
      lagsMicros = new long[apps * 2];
    }

    @Override
    public void schedules(int active, int suspended) {
      if (active + suspended >= apps && allScheduled == 0) {
        allScheduled = System.nanoTime();
      }
    }

    @Override
    public void triggerLag(Duration lag) {
      int i = lagCount.getAndIncrement();
      if (i < lagsMicros.length) {
        lagsMicros[i] = lag.toNanos() / 1000;
      }
    }

    @Override
    public void toggled(AppState state, ToggleOutcome outcome, Duration duration) {
      toggles.incrementAndGet();
      if (state == AppState.STARTED) {
        lastStart.accumulateAndGet(Instant.now(), (a, b) -> a.isAfter(b) ? a : b);
        started.incrementAndGet();
      }
    }

    @Override
    public void tokenRequested() {
      tokens.incrementAndGet();
    }
  }
}
