package io.cfmr.toggler.cf;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.cloudfoundry.reactor.ConnectionContext;
import org.cloudfoundry.reactor.TokenProvider;
import reactor.core.publisher.Mono;

/**
 * Wraps cf-java-client's UAA token provider so that {@link #invalidate} really fetches a new token.
 *
 * <p>cf-java-client answers a Cloud Controller 401 by calling {@code invalidate} and repeating the
 * request, but its {@code AbstractUaaTokenProvider.invalidate} (5.15) only acts when it holds a
 * refresh token: with the client-credentials grant, which has none, the repeat carries the same
 * rejected token. It also caches a failed token request for good, so one UAA hiccup would fail
 * every later try. Both are fixed by replacing the delegate with a fresh one.
 *
 * <p>Many concurrent toggles share this provider. A 401 only renews the delegate whose token was
 * used; the 401s of requests that carried the same old token find a fresh, unused delegate and
 * leave it alone, so a burst of 401s costs one token request.
 */
final class RenewableTokenProvider implements TokenProvider {

  private final Supplier<TokenProvider> factory;
  private final AtomicReference<Generation> current;

  RenewableTokenProvider(Supplier<TokenProvider> factory) {
    this.factory = factory;
    this.current = new AtomicReference<>(new Generation(factory.get()));
  }

  @Override
  public Mono<String> getToken(ConnectionContext connectionContext) {
    return Mono.defer(
        () -> {
          Generation generation = current.get();
          return generation
              .provider()
              .getToken(connectionContext)
              .doOnNext(token -> generation.used().set(true))
              .onErrorMap(
                  error -> {
                    renew(generation);
                    return new TokenRequestFailure(error);
                  });
        });
  }

  @Override
  public void invalidate(ConnectionContext connectionContext) {
    Generation generation = current.get();
    if (generation.used().get()) {
      renew(generation);
    }
  }

  private void renew(Generation stale) {
    current.compareAndSet(stale, new Generation(factory.get()));
  }

  private record Generation(TokenProvider provider, AtomicBoolean used) {
    Generation(TokenProvider provider) {
      this(provider, new AtomicBoolean());
    }
  }

  /**
   * Marks an error as coming from the token request (the UAA or its discovery), so that a 401 or an
   * outage is reported as the UAA's and not the Cloud Controller's.
   */
  static final class TokenRequestFailure extends RuntimeException {
    TokenRequestFailure(Throwable cause) {
      super("UAA token request failed", cause);
    }
  }
}
