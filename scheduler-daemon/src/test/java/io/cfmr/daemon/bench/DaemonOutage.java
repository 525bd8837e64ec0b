package io.cfmr.daemon.bench;

import ch.qos.logback.classic.Level;
import io.cfmr.cli.LogFormat;
import io.cfmr.daemon.Convergence;
import io.cfmr.daemon.Daemon;
import io.cfmr.daemon.DaemonConfig;
import io.cfmr.daemon.DaemonEnv;
import io.cfmr.daemon.Tuning;
import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.credentials.CredentialOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * {@code bench/daemon-outage}: N apps (all STARTED) whose stop fires while the Cloud Controller is
 * down; it comes back ({@link OutageStandIn}, started as a process of its own) two minutes after
 * the outage began and rate-limits every fifth request for its first minute. Prints the time from
 * recovery until every app is stopped, the retries, and the peak rates the stand-in saw.
 *
 * <p>Usage: {@code DaemonOutage [APPS] [MAX_TOGGLES_PER_SECOND] [OUTAGE_SECONDS]}.
 */
public final class DaemonOutage {

  public static void main(String[] args) throws Exception {
    int apps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int perSecond = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int outageSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 120;
    quiet("io.cfmr.daemon.toggle", "io.cfmr.daemon.schedule"); // a line per failed try

    int port = freePort();
    Path dir = Files.createTempDirectory("daemon-outage");
    Path file = Files.writeString(dir.resolve("schedules.json"), "[]");
    Map<String, String> env =
        Map.of(
            "CF_API", "http://localhost:" + port,
            "CF_CLIENT_ID", "bench",
            "CF_CLIENT_SECRET", "bench-secret");
    DaemonConfig config =
        new DaemonConfig(
            Optional.of(file),
            false,
            Optional.empty(),
            false,
            0,
            DaemonConfig.DEFAULT_MAX_CONCURRENT_TOGGLES,
            new Convergence(Duration.ofMinutes(5), perSecond, Duration.ZERO),
            Optional.empty(),
            false,
            LogFormat.TEXT,
            CredentialOptions.of(null, null, null, env),
            Tuning.defaults("bench"));
    AtomicInteger retries = new AtomicInteger();
    DaemonMetrics counting =
        new DaemonMetrics() {
          @Override
          public void retried(AppState state) {
            retries.incrementAndGet();
          }
        };
    DaemonEnv production = DaemonEnv.production();
    DaemonEnv daemonEnv =
        new DaemonEnv(production.clock(), production.kubernetes(), production.togglers(), counting);

    Instant outageStart = Instant.now();
    ZonedDateTime due =
        outageStart.plusSeconds(20).truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC);
    Process standIn = null;
    try (Daemon daemon = Daemon.start(config, daemonEnv)) {
      Files.writeString(file, schedules(apps, due));
      System.out.printf(
          "%d apps, stop due at %s, Cloud Controller down from %s for %d s, %d toggles/s%n",
          apps, due.toLocalTime(), outageStart, outageSeconds, perSecond);
      sleepUntil(outageStart.plusSeconds(outageSeconds));
      standIn = startStandIn(port, apps);
      long recovered = System.currentTimeMillis();
      Map<String, Long> stats = waitForAllStopped(port, apps, recovered + 300_000);
      report(stats, recovered, apps, perSecond, retries.get());
    } finally {
      if (standIn != null) {
        standIn.destroy();
      }
    }
    System.exit(0);
  }

  private static void report(
      Map<String, Long> stats, long recovered, int apps, int perSecond, int retries) {
    long allStopped = stats.get("all_stopped_ms");
    System.out.printf(
        "stopped %d of %d apps; all stopped %s after recovery (target: 60 s)%n",
        stats.get("stopped"),
        apps,
        allStopped == 0 ? "not" : String.format("%.1f s", (allStopped - recovered) / 1000.0));
    System.out.printf(
        "retries made: %d; requests the stand-in saw: %d, %d of them answered 429%n",
        retries, stats.get("requests"), stats.get("rate_limited"));
    System.out.printf(
        "peak per wall-clock second at the stand-in: %d looks (toggle tries), %d requests of all"
            + " kinds (configured: %d toggles/s)%n",
        stats.get("peak_looks_per_second"), stats.get("peak_requests_per_second"), perSecond);
  }

  private static Map<String, Long> waitForAllStopped(int port, int apps, long giveUpMillis)
      throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    Map<String, Long> stats = Map.of();
    while (System.currentTimeMillis() < giveUpMillis) {
      try {
        stats = stats(http, port);
        if (stats.getOrDefault("stopped", 0L) >= apps) {
          return stats;
        }
      } catch (IOException notUpYet) {
        // the stand-in's JVM is still starting
      }
      Thread.sleep(250);
    }
    return stats;
  }

  private static Map<String, Long> stats(HttpClient http, int port)
      throws IOException, InterruptedException {
    String body =
        http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/bench/stats"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return body.lines()
        .map(line -> line.split("=", 2))
        .collect(Collectors.toMap(kv -> kv[0], kv -> Long.parseLong(kv[1])));
  }

  private static Process startStandIn(int port, int apps) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            OutageStandIn.class.getName(),
            String.valueOf(port),
            String.valueOf(apps))
        .inheritIO()
        .start();
  }

  /** Only a stop, at the due second: every app is to be STOPPED from then on. */
  private static String schedules(int apps, ZonedDateTime due) {
    return BenchSchedules.json(apps, "\"stop\":\"" + BenchSchedules.daily(due, 0) + "\"");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleepUntil(Instant at) throws InterruptedException {
    long millis = Duration.between(Instant.now(), at).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private static void quiet(String... loggers) {
    for (String name : loggers) {
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.OFF);
    }
  }
}
