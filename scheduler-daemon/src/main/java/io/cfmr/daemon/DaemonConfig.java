package io.cfmr.daemon;

import io.cfmr.cli.LogFormat;
import io.cfmr.toggler.credentials.CredentialOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The command line, read once and validated.
 *
 * @param schedulesFile {@code --schedules FILE}; empty with {@code --kubernetes}
 * @param namespace {@code --namespace} (else {@code POD_NAMESPACE}, else the client's namespace):
 *     of the ConfigMaps, the Lease, and a {@code --secret}
 * @param duration {@code --duration}: stop after that long
 * @param convergence retries, the pool's rate and resync
 */
public record DaemonConfig(
    Optional<Path> schedulesFile,
    boolean kubernetes,
    Optional<String> namespace,
    boolean dryRun,
    int metricsPort,
    int maxConcurrentToggles,
    Convergence convergence,
    Optional<Duration> duration,
    boolean leaderElection,
    LogFormat logFormat,
    CredentialOptions credentials,
    Tuning tuning) {

  public static final int DEFAULT_METRICS_PORT = 9090;
  public static final int DEFAULT_MAX_CONCURRENT_TOGGLES = 16;

  public DaemonConfig {
    Objects.requireNonNull(schedulesFile, "schedulesFile");
    Objects.requireNonNull(convergence, "convergence");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(logFormat, "logFormat");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(tuning, "tuning");
    namespace = Objects.requireNonNull(namespace, "namespace").filter(ns -> !ns.isBlank());
    if (schedulesFile.isPresent() == kubernetes) {
      throw new IllegalArgumentException(
          "expected exactly one of --schedules FILE and --kubernetes");
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new IllegalArgumentException(
          "--metrics-port must be a port number (0 to 65535), got " + metricsPort);
    }
    if (maxConcurrentToggles < 1) {
      throw new IllegalArgumentException(
          "--max-concurrent-toggles must be at least 1, got " + maxConcurrentToggles);
    }
    if (duration.isPresent() && (duration.get().isZero() || duration.get().isNegative())) {
      throw new IllegalArgumentException("--duration must be positive");
    }
  }

  /** True when some part needs the Kubernetes API. */
  public boolean needsKubernetes() {
    return kubernetes || leaderElection;
  }
}
