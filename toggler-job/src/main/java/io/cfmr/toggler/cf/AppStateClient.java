package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.TogglerException;
import io.cfmr.toggler.credentials.CfCredentials;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/**
 * Sets Cloud Foundry apps to STARTED or STOPPED through the Cloud Controller, with cf-java-client.
 *
 * <p>One client serves any number of concurrent toggles over one connection pool and one UAA token.
 * Creating it makes no request: the Cloud Controller root, {@code /v2/info} and the token are
 * fetched by the first toggle and then reused.
 */
public final class AppStateClient implements AutoCloseable {

  private final CfConnection connection;
  private final RetryingToggle retrying;
  private final Mono<StateChange> stateChange;

  private AppStateClient(CfConnection connection, ApiVersion apiVersion, RetryingToggle retrying) {
    this.connection = connection;
    this.retrying = retrying;
    this.stateChange = select(apiVersion);
  }

  /**
   * @throws TogglerException (usage) when the API URL cannot be used
   */
  public static AppStateClient create(
      CfCredentials credentials, ApiVersion apiVersion, RetryPolicy retryPolicy) {
    return create(credentials, apiVersion, retryPolicy, () -> {});
  }

  /**
   * As {@link #create(CfCredentials, ApiVersion, RetryPolicy)}, calling {@code onTokenRequest} each
   * time a token is requested from the UAA (the daemon counts them: one token should serve all).
   */
  public static AppStateClient create(
      CfCredentials credentials,
      ApiVersion apiVersion,
      RetryPolicy retryPolicy,
      Runnable onTokenRequest) {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(onTokenRequest, "onTokenRequest");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    FailureClassifier classifier =
        new FailureClassifier(CfConnection.principal(credentials), credentials.api().toString());
    return new AppStateClient(
        CfConnection.open(credentials, onTokenRequest),
        apiVersion,
        new RetryingToggle(retryPolicy, classifier));
  }

  /**
   * Brings {@code app} into {@code desired}, retrying outages until {@code timeout} is spent. Fails
   * with a {@link TogglerException} whose {@link TogglerException.Failure} gives the exit code.
   */
  public Mono<ToggleResult> setState(AppGuid app, AppState desired, Duration timeout) {
    return setState(app, desired, timeout, () -> false);
  }

  /**
   * As {@link #setState(AppGuid, AppState, Duration)}, asking {@code superseded} before each try:
   * once it answers true, no further try is made and the result is {@link
   * ToggleResult.Outcome#SUPERSEDED}.
   */
  public Mono<ToggleResult> setState(
      AppGuid app, AppState desired, Duration timeout, BooleanSupplier superseded) {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(superseded, "superseded");
    return retrying.run(
        app,
        desired,
        timeout,
        superseded,
        () -> stateChange.flatMap(change -> change.apply(app, desired)));
  }

  /**
   * {@link #setState(AppGuid, AppState, Duration, BooleanSupplier)} for callers without a reactive
   * pipeline.
   *
   * @throws TogglerException on failure
   */
  public ToggleResult setStateBlocking(
      AppGuid app, AppState desired, Duration timeout, BooleanSupplier superseded) {
    return setState(app, desired, timeout, superseded).block();
  }

  @Override
  public void close() {
    connection.dispose();
  }

  /**
   * The API to use. For {@code AUTO} the root links decide, once per client: a successful answer is
   * kept, a failed lookup is retried with the next try.
   */
  private Mono<StateChange> select(ApiVersion apiVersion) {
    StateChange v3 = new V3StateChange(connection.client().applicationsV3());
    StateChange v2 = new V2StateChange(connection.client().applicationsV2());
    return switch (apiVersion) {
      case V3 -> Mono.just(v3);
      case V2 -> Mono.just(v2);
      case AUTO ->
          connection
              .rootProvider()
              .advertisesV3(connection.context())
              .map(hasV3 -> hasV3 ? v3 : v2)
              .cache(
                  value -> Duration.ofMillis(Long.MAX_VALUE),
                  error -> Duration.ZERO,
                  () -> Duration.ZERO);
    };
  }
}
