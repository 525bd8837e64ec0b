package io.cfmr.toggler;

import io.cfmr.schedule.AppState;
import io.cfmr.toggler.cf.AppStateClient;
import io.cfmr.toggler.cf.RetryPolicy;
import io.cfmr.toggler.cf.ToggleResult;
import io.cfmr.toggler.credentials.CfCredentials;
import io.cfmr.toggler.credentials.CredentialsResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One toggle: work out the state the app should be in, then (unless it is a dry run) resolve the
 * credentials and set that state through the Cloud Controller, retrying until the timeout unless
 * the schedule fires again meanwhile (then the newer firing's run is responsible and this one
 * stops, so that two runs never keep trying to toggle one app at once). Never throws a {@link
 * TogglerException}: the report carries it, so that the caller logs one line and exits once.
 */
public final class Toggler {

  private final Clock clock;
  private final Supplier<KubernetesClient> kubernetes;
  private final RetryPolicy retryPolicy;

  /**
   * @param kubernetes opens a Kubernetes client; only called when the credentials come from a
   *     Secret read through the API
   */
  public Toggler(Clock clock, Supplier<KubernetesClient> kubernetes, RetryPolicy retryPolicy) {
    this.clock = clock;
    this.kubernetes = kubernetes;
    this.retryPolicy = retryPolicy;
  }

  public RunReport run(TogglerConfig config) {
    Instant started = clock.instant();
    AppState state = config.target().stateAt(started);
    if (config.dryRun()) {
      return report(config, state, ToggleOutcome.DRY_RUN, 0, started, Optional.empty());
    }
    try {
      CfCredentials credentials = CredentialsResolver.resolve(config.credentials(), kubernetes);
      try (AppStateClient client =
          AppStateClient.create(credentials, config.apiVersion(), retryPolicy)) {
        ToggleResult result =
            client.setStateBlocking(
                config.app(),
                state,
                config.timeout(),
                () -> config.target().supersededAt(started, clock.instant()));
        return report(
            config, state, result.outcome(), result.attempts(), started, Optional.empty());
      }
    } catch (TogglerException e) {
      return report(config, state, ToggleOutcome.FAILED, e.attempts(), started, Optional.of(e));
    }
  }

  private RunReport report(
      TogglerConfig config,
      AppState state,
      ToggleOutcome outcome,
      int attempts,
      Instant started,
      Optional<TogglerException> failure) {
    return new RunReport(
        config.target().command(),
        config.app(),
        state,
        outcome,
        attempts,
        Duration.between(started, clock.instant()),
        failure);
  }
}
