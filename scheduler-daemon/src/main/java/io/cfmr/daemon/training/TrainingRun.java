package io.cfmr.daemon.training;

import io.cfmr.cli.LogFormat;
import io.cfmr.cli.LoggingConfigurator;
import io.cfmr.daemon.Convergence;
import io.cfmr.daemon.Daemon;
import io.cfmr.daemon.DaemonConfig;
import io.cfmr.daemon.DaemonEnv;
import io.cfmr.daemon.Tuning;
import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.daemon.toggle.CfAppToggler;
import io.cfmr.toggler.credentials.CredentialOptions;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image build's training run: the daemon started as the daemon overlay runs it ({@code
 * --kubernetes --leader-election --secret}, the default log format and rate), against the
 * Kubernetes API and Cloud Controller of {@link CannedApis}, until it has reconciled every app and
 * answered a scrape of its endpoints. {@code -XX:ArchiveClassesAtExit} then records every class a
 * deployed start loads; from the archive they load parsed and verified (the Kubernetes client's
 * start went from ~0.4 to ~0.13 s: README, "Benchmarks").
 *
 * <pre>
 * java -XX:ArchiveClassesAtExit=scheduler-daemon.jsa -cp scheduler-daemon.jar io.cfmr.daemon.training.TrainingRun
 * </pre>
 */
public final class TrainingRun {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  /** Enough that the load reads its schedules on all cores and the runner batches them. */
  static final int APPS = 40;

  private static final Duration AT_MOST = Duration.ofMinutes(1);

  private TrainingRun() {}

  public static void main(String[] args) {
    System.exit(run());
  }

  /** Runs the training; returns 0 when every step worked, else 1. */
  public static int run() {
    LoggingConfigurator.use(LogFormat.TEXT);
    try (CannedApis apis = new CannedApis(APPS)) {
      int metricsPort = freePort();
      DaemonConfig config =
          new DaemonConfig(
              Optional.empty(),
              true,
              Optional.of(CannedApis.NAMESPACE),
              false,
              metricsPort,
              DaemonConfig.DEFAULT_MAX_CONCURRENT_TOGGLES,
              Convergence.DEFAULT,
              Optional.empty(),
              true,
              LogFormat.TEXT,
              CredentialOptions.of(null, CannedApis.SECRET, CannedApis.NAMESPACE, Map.of()),
              Tuning.defaults("training"));
      DaemonEnv env =
          new DaemonEnv(
              Clock.systemUTC(),
              () -> client(apis.url()),
              CfAppToggler::create,
              DaemonMetrics.NONE);
      try (Daemon daemon = Daemon.start(config, env)) {
        if (!within(AT_MOST, apis::everyAppReconciled)) {
          LOG.error("training run: not every app was reconciled within {}", AT_MOST);
          return 1;
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String endpoint : new String[] {"/metrics", "/healthz", "/readyz"}) {
          int status = get(http, "http://127.0.0.1:" + metricsPort + endpoint);
          if (status != 200) {
            LOG.error("training run: {} answered {}", endpoint, status);
            return 1;
          }
        }
      }
      return 0;
    } catch (IOException e) {
      LOG.error("training run failed", e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static KubernetesClient client(String url) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(url).build())
        .build();
  }

  private static boolean within(Duration atMost, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  private static int get(HttpClient http, String url) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
