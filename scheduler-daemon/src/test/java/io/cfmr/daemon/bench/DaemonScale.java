package io.cfmr.daemon.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import ch.qos.logback.classic.Level;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.cfmr.cli.LogFormat;
import io.cfmr.daemon.Convergence;
import io.cfmr.daemon.Daemon;
import io.cfmr.daemon.DaemonConfig;
import io.cfmr.daemon.DaemonEnv;
import io.cfmr.daemon.Tuning;
import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import io.cfmr.toggler.cf.FakeCloudFoundry;
import io.cfmr.toggler.credentials.CredentialOptions;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/**
 * {@code bench/daemon-scale}: N schedule pairs whose start triggers are all due in the same second,
 * against a stand-in Cloud Controller (WireMock, in this JVM) that answers every request after 5
 * ms. The daemon starts on an empty schedules file; the N schedules are then written to it (a
 * reload), reconciled (every app is already STOPPED, as the stop firing calls for), and fire.
 *
 * <p>Usage: {@code DaemonScale [PAIRS] [MAX_CONCURRENT_TOGGLES]}.
 */
public final class DaemonScale {

  private static final int ANSWER_MILLIS = 5;

  public static void main(String[] args) throws Exception {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int pool = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    // One line per toggle would measure the terminal; the counts come from the metrics events.
    quiet(
        "io.cfmr.daemon.toggle",
        "io.cfmr.daemon.schedule",
        "com.github.tomakehurst",
        "org.eclipse");

    AtomicInteger tokenRequests = new AtomicInteger();
    WireMockServer cc = standInCloudController(tokenRequests);
    Recorder recorder = new Recorder(pairs);
    Path dir = Files.createTempDirectory("daemon-scale");
    Path file = Files.writeString(dir.resolve("schedules.json"), "[]");
    Map<String, String> env =
        Map.of("CF_API", cc.baseUrl(), "CF_CLIENT_ID", "bench", "CF_CLIENT_SECRET", "bench-secret");
    DaemonConfig config =
        new DaemonConfig(
            Optional.of(file),
            false,
            Optional.empty(),
            false,
            0,
            pool,
            new Convergence(Duration.ofMinutes(5), 0, Duration.ZERO),
            Optional.empty(),
            false,
            LogFormat.TEXT,
            CredentialOptions.of(null, null, null, env),
            Tuning.defaults("bench"));
    DaemonEnv production = DaemonEnv.production();
    DaemonEnv daemonEnv =
        new DaemonEnv(production.clock(), production.kubernetes(), production.togglers(), recorder);

    try (Daemon daemon = Daemon.start(config, daemonEnv)) {
      ZonedDateTime due =
          Instant.now()
              // Loading and reconciling take a few ms per schedule (cron-utils): leave room.
              .plusSeconds(Math.max(30, 10 + pairs * 4L / 1000))
              .truncatedTo(ChronoUnit.SECONDS)
              .atZone(ZoneOffset.UTC);
      long written = System.nanoTime();
      Files.writeString(file, schedules(pairs, due));
      while (daemon.runner().schedule(BenchSchedules.appGuid(pairs - 1)).isEmpty()) {
        Thread.sleep(20);
      }
      double loaded = seconds(System.nanoTime() - written);
      while (recorder.reconciled.get() < pairs) {
        Thread.sleep(20);
      }
      double reconciled = seconds(System.nanoTime() - written);
      System.out.printf(
          "%d schedule pairs: reload %.1f s, reconcile of all apps done %.1f s after the write;"
              + " all start triggers due at %s%n",
          pairs, loaded, reconciled, due.toLocalTime());
      if (Instant.now().isAfter(due.toInstant())) {
        System.out.println("WARNING: set-up ran past the due second; the figures mix both phases");
      }
      Instant giveUp = due.toInstant().plusSeconds(120);
      while (recorder.started.get() < pairs && Instant.now().isBefore(giveUp)) {
        Thread.sleep(20);
      }
      report(recorder, due.toInstant(), pairs, pool, tokenRequests.get());
    } finally {
      cc.stop();
    }
    System.exit(0);
  }

  private static void report(Recorder recorder, Instant due, int pairs, int pool, int tokenRequests)
      throws Exception {
    long[] lags = Arrays.copyOf(recorder.lagsMicros, recorder.lagCount.get());
    Arrays.sort(lags);
    double allDone = Duration.between(due, recorder.lastStart.get()).toMillis() / 1000.0;
    // Each toggle is a GET of the app and a POST of the action, each answered after 5 ms.
    double bound = pairs * 2.0 * ANSWER_MILLIS / 1000.0 / pool;
    System.gc();
    long heapUsed =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> p.getUsage().getUsed())
            .sum();
    long heapPeak =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getPeakUsage)
            .mapToLong(u -> u.getUsed())
            .sum();
    System.out.printf(
        "trigger lag: p50 %d ms, p99 %d ms, max %d ms (%d triggers)%n",
        percentile(lags, 0.50) / 1000,
        percentile(lags, 0.99) / 1000,
        lags[lags.length - 1] / 1000,
        lags.length);
    System.out.printf(
        "%d of %d start toggles done %.2f s after the due second (bound from pool %d and %d ms"
            + " answers: %.2f s; %.1fx)%n",
        recorder.started.get(), pairs, allDone, pool, ANSWER_MILLIS, bound, allDone / bound);
    System.out.printf("UAA token requests: %d%n", tokenRequests);
    System.out.printf(
        "heap: %d MB used after GC, peak of pools %d MB, -Xmx %d MB; RSS %s, peak RSS %s"
            + " (WireMock runs in the same JVM)%n",
        heapUsed >> 20,
        heapPeak >> 20,
        Runtime.getRuntime().maxMemory() >> 20,
        proc("VmRSS"),
        proc("VmHWM"));
  }

  /** Start at the due second; stop an hour later; every app STOPPED now, as the stop calls for. */
  private static String schedules(int pairs, ZonedDateTime due) {
    return BenchSchedules.json(
        pairs,
        "\"start\":\""
            + BenchSchedules.daily(due, 0)
            + "\",\"stop\":\""
            + BenchSchedules.daily(due, 1)
            + "\"");
  }

  private static WireMockServer standInCloudController(AtomicInteger tokenRequests)
      throws Exception {
    WireMockServer cc =
        new WireMockServer(
            wireMockConfig().dynamicPort().containerThreads(64).disableRequestJournal());
    cc.start();
    String base = cc.baseUrl();
    cc.stubFor(get(urlEqualTo("/")).willReturn(json("root", base, "")));
    cc.stubFor(get(urlEqualTo("/v2/info")).willReturn(json("v2-info", base, "")));
    cc.stubFor(post(urlEqualTo("/oauth/token")).willReturn(json("uaa-token", base, "")));
    cc.stubFor(
        get(urlPathMatching("/v3/apps/[^/]+"))
            .willReturn(json("v3-app", base, "STOPPED").withFixedDelay(ANSWER_MILLIS)));
    cc.stubFor(
        post(urlPathMatching("/v3/apps/[^/]+/actions/start"))
            .willReturn(json("v3-app", base, "STARTED").withFixedDelay(ANSWER_MILLIS)));
    cc.addMockServiceRequestListener(
        (request, response) -> {
          if (request.getUrl().equals("/oauth/token")) {
            tokenRequests.incrementAndGet();
          }
        });
    return cc;
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      String name, String base, String state) {
    String body =
        FakeCloudFoundry.fixture(
            name,
            Map.of(
                "cc", base,
                "uaa", base,
                "token", "bench-token",
                "guid", "00000000-0000-4000-8000-000000000000",
                "state", state));
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
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
    final AtomicInteger reconciled = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    final AtomicReference<Instant> lastStart = new AtomicReference<>(Instant.EPOCH);

    Recorder(int pairs) {
      lagsMicros = new long[pairs * 2];
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
      if (state == AppState.STOPPED) {
        reconciled.incrementAndGet();
      } else {
        lastStart.accumulateAndGet(Instant.now(), (a, b) -> a.isAfter(b) ? a : b);
        started.incrementAndGet();
      }
    }
  }
}
