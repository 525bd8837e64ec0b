package io.cfmr.daemon.toggle;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.cf.ApiVersion;
import io.cfmr.toggler.cf.AppStateClient;
import io.cfmr.toggler.cf.RetryPolicy;
import io.cfmr.toggler.credentials.CfCredentials;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Toggles through the toggler's Cloud Controller client: one client, hence one connection pool and
 * one UAA token (renewed before expiry) for all of the daemon's toggles, with the toggler's retries
 * of 429 and 5xx.
 */
public final class CfAppToggler implements AppToggler, AutoCloseable {

  private final AppStateClient client;
  private final Duration timeout;

  private CfAppToggler(AppStateClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  /** Makes no request yet: discovery and the token come with the first toggle. */
  public static CfAppToggler create(
      CfCredentials credentials, Duration timeout, Runnable onTokenRequest) {
    return new CfAppToggler(
        AppStateClient.create(credentials, ApiVersion.AUTO, RetryPolicy.defaults(), onTokenRequest),
        timeout);
  }

  @Override
  public Mono<Toggled> setState(AppGuid app, AppState state) {
    return client
        .setState(app, state, timeout)
        .map(result -> new Toggled(result.outcome(), result.attempts(), result.heldUntil()));
  }

  @Override
  public void close() {
    client.close();
  }
}
