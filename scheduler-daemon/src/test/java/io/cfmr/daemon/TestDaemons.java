package io.cfmr.daemon;

import io.cfmr.cli.LogFormat;
import io.cfmr.daemon.leader.LeaseTimings;
import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.daemon.toggle.AppToggler;
import io.cfmr.toggler.credentials.CredentialOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Daemon configurations for tests: short timings, port 0, credentials from a fake environment. */
public final class TestDaemons {

  /** CF credentials in the environment; the toggler factories of the tests decide what they do. */
  public static final Map<String, String> CF_ENV =
      Map.of(
          "CF_API", "http://localhost:1",
          "CF_CLIENT_ID", "cfmr-scheduler",
          "CF_CLIENT_SECRET", "cl1ent-s3cret-value");

  public static final Tuning FAST =
      new Tuning(
          Duration.ofSeconds(5),
          Duration.ofMillis(100),
          Duration.ofSeconds(5),
          Duration.ofMillis(500),
          2,
          new LeaseTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(250)),
          Tuning.LEASE_NAME,
          "test-daemon");

  private TestDaemons() {}

  public static DaemonConfig fileConfig(
      Path file, boolean dryRun, Optional<Duration> duration, Map<String, String> env) {
    return new DaemonConfig(
        Optional.of(file),
        false,
        Optional.empty(),
        dryRun,
        0,
        4,
        Convergence.DEFAULT,
        duration,
        false,
        LogFormat.TEXT,
        CredentialOptions.of(null, null, null, env),
        FAST);
  }

  /** The same configuration, serving metrics on {@code port}. */
  public static DaemonConfig withMetricsPort(DaemonConfig config, int port) {
    return new DaemonConfig(
        config.schedulesFile(),
        config.kubernetes(),
        config.namespace(),
        config.dryRun(),
        port,
        config.maxConcurrentToggles(),
        config.convergence(),
        config.duration(),
        config.leaderElection(),
        config.logFormat(),
        config.credentials(),
        config.tuning());
  }

  public static DaemonEnv env(Clock clock, AppToggler toggler, Supplier<KubernetesClient> k8s) {
    return new DaemonEnv(clock, k8s, (credentials, timeout, events) -> toggler, DaemonMetrics.NONE);
  }

  public static Supplier<KubernetesClient> noKubernetes() {
    return () -> {
      throw new AssertionError("no Kubernetes API in this test");
    };
  }
}
