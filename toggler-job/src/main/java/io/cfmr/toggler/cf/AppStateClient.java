package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import io.cfmr.toggler.TogglerException;
import io.cfmr.toggler.credentials.CfCredentials;
import java.time.Clock;
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

  private AppStateClient(
      CfConnection connection,
      ApiVersion apiVersion,
      RetryingToggle retrying,
      ClientEvents events) {
    this.connection = connection;
    this.retrying = retrying;
    this.stateChange = select(apiVersion, events);
  }

  /**
   * @throws TogglerException (usage) when the API URL cannot be used
   */
  public static AppStateClient create(
      CfCredentials credentials, ApiVersion apiVersion, RetryPolicy retryPolicy) {
    return create(credentials, apiVersion, retryPolicy, ClientEvents.NONE);
  }

  /**
   * As {@link #create(CfCredentials, ApiVersion, RetryPolicy)}, reporting token requests, {@code
   * Retry-After} answers and what each look saw to {@code events}.
   */
  public static AppStateClient create(
      CfCredentials credentials,
      ApiVersion apiVersion,
      RetryPolicy retryPolicy,
      ClientEvents events) {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    FailureClassifier classifier =
        new FailureClassifier(CfConnection.principal(credentials), credentials.api().toString());
    return new AppStateClient(
        CfConnection.open(credentials, events),
        apiVersion,
        new RetryingToggle(retryPolicy, classifier),
        events);
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
   * once it answers true, no further try is made and the result is {@link ToggleOutcome#SUPERSEDED}
   * (a newer firing's run is responsible now).
   */
  public Mono<ToggleResult> setState(
      AppGuid app, AppState desired, Duration timeout, BooleanSupplier superseded) {
    requireArguments(app, desired, timeout);
    Objects.requireNonNull(superseded, "superseded");
    return retrying.run(app, desired, timeout, superseded, () -> once(app, desired));
  }

  /**
   * One try of look-then-act, no retry and no superseded check: for a caller that schedules its own
   * retries and keeps the latest wanted state itself (the daemon paces every try across its pool).
   * Fails with a {@link TogglerException} as {@link #setState} does; an outage is {@link
   * TogglerException.Failure#UNAVAILABLE}.
   */
  public Mono<ToggleResult> tryOnce(AppGuid app, AppState desired, Duration timeout) {
    requireArguments(app, desired, timeout);
    return retrying.once(app, desired, timeout, () -> once(app, desired));
  }

  private static void requireArguments(AppGuid app, AppState desired, Duration timeout) {
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(desired, "desired");
    Objects.requireNonNull(timeout, "timeout");
  }

  private Mono<StateChange.Applied> once(AppGuid app, AppState desired) {
    return stateChange.flatMap(change -> change.apply(app, desired));
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
  private Mono<StateChange> select(ApiVersion apiVersion, ClientEvents events) {
    StateChange v3 =
        new V3StateChange(connection.client().applicationsV3(), events, Clock.systemUTC());
    StateChange v2 = new V2StateChange(connection.client().applicationsV2(), events);
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
