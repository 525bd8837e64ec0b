package io.cfmr.daemon;

import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.daemon.toggle.AppToggler;
import io.cfmr.daemon.toggle.CfAppToggler;
import io.cfmr.toggler.cf.ClientEvents;
import io.cfmr.toggler.credentials.CfCredentials;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What the daemon takes from the world, so that tests can replace it.
 *
 * @param clock decides every "now" of the reconcile rule (Quartz keeps its own system clock)
 * @param kubernetes makes a new client each call (fabric8's standard resolution in production)
 * @param togglers makes the Cloud Controller client from the resolved credentials
 * @param listener sees every metrics event besides Prometheus (the benchmark records lags)
 */
public record DaemonEnv(
    Clock clock,
    Supplier<KubernetesClient> kubernetes,
    TogglerFactory togglers,
    DaemonMetrics listener) {

  /** Makes the toggler for the resolved credentials. */
  @FunctionalInterface
  public interface TogglerFactory {
    AppToggler create(CfCredentials credentials, Duration timeout, ClientEvents events);
  }

  public DaemonEnv {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(kubernetes, "kubernetes");
    Objects.requireNonNull(togglers, "togglers");
    Objects.requireNonNull(listener, "listener");
  }

  public static DaemonEnv production() {
    return new DaemonEnv(
        Clock.systemUTC(),
        () -> new KubernetesClientBuilder().build(),
        CfAppToggler::create,
        DaemonMetrics.NONE);
  }
}
