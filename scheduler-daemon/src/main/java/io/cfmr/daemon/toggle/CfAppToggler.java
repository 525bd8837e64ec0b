package io.cfmr.daemon.toggle;

import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.cf.ApiVersion;
import io.cfmr.toggler.cf.AppStateClient;
import io.cfmr.toggler.cf.ClientEvents;
import io.cfmr.toggler.cf.RetryPolicy;
import io.cfmr.toggler.credentials.CfCredentials;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Toggles through the toggler's Cloud Controller client: one client, hence one connection pool and
 * one UAA token (renewed before expiry) for all of the daemon's toggles. Each call is one try of
 * look-then-act: the {@link ToggleDispatcher} retries, so that every try passes through its pool
 * and pace.
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
      CfCredentials credentials, Duration timeout, ClientEvents events) {
    // The policy serves only setState, which the daemon does not call: tryOnce never retries.
    return new CfAppToggler(
        AppStateClient.create(credentials, ApiVersion.AUTO, RetryPolicy.defaults(), events),
        timeout);
  }

  /**
   * What the client reports, wired into the daemon: token requests are counted, a {@code
   * Retry-After} pauses the whole pool, and looks feed the divergence.
   */
  public static ClientEvents events(DaemonMetrics metrics, Pace pace, Divergence divergence) {
    return new ClientEvents() {
      @Override
      public void tokenRequested() {
        metrics.tokenRequested();
      }

      @Override
      public void retryAfter(Duration delay) {
        pace.pause(delay);
      }

      @Override
      public void looked(AppGuid app, AppState wanted, boolean inWantedState) {
        divergence.looked(app, wanted, inWantedState);
      }
    };
  }

  @Override
  public Mono<Toggled> setState(AppGuid app, AppState state) {
    return client
        .tryOnce(app, state, timeout)
        .map(result -> new Toggled(result.outcome(), result.attempts(), result.heldUntil()));
  }

  @Override
  public void close() {
    client.close();
  }
}
