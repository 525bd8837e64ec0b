package io.cfmr.toggler.cf;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.cloudfoundry.AbstractCloudFoundryException;
import org.cloudfoundry.reactor.ConnectionContext;
import org.cloudfoundry.reactor.DelegatingRootProvider;
import org.cloudfoundry.reactor.RootProvider;
import reactor.core.publisher.Mono;

/**
 * cf-java-client's own endpoint discovery ({@link DelegatingRootProvider}: {@code GET /}, then
 * {@code GET /v2/info} for what the root does not link), with each endpoint remembered once found.
 *
 * <p>In cf-java-client 5.15 the root providers fetch their payload on every lookup, and the client
 * keeps the first lookup's {@code Mono.cache()} for good, errors included: a Cloud Controller that
 * was down for the first try would stay "down" for every retry. Here a found endpoint is kept and a
 * failed lookup is forgotten, so the next try asks again.
 */
final class CachingRootProvider implements RootProvider {

  private static final String V3_LINK = "cloud_controller_v3";
  private static final String API_ROOT = "";
  private static final Duration FOREVER = Duration.ofMillis(Long.MAX_VALUE);

  private final Function<ConnectionContext, DelegatingRootProvider> factory;
  private final ConcurrentMap<String, Mono<String>> endpoints = new ConcurrentHashMap<>();
  private volatile DelegatingRootProvider delegate;

  CachingRootProvider(Function<ConnectionContext, DelegatingRootProvider> factory) {
    this.factory = factory;
  }

  @Override
  public Mono<String> getRoot(ConnectionContext connectionContext) {
    return remembered(API_ROOT, connectionContext, provider -> provider.getRoot(connectionContext));
  }

  @Override
  public Mono<String> getRoot(String key, ConnectionContext connectionContext) {
    if (V3_LINK.equals(key)) {
      // As DelegatingRootProvider does, but reusing the root read that advertisesV3 made.
      return remembered(
          key,
          connectionContext,
          provider ->
              v3Link(connectionContext)
                  .onErrorResume(
                      CachingRootProvider::meansNoV3,
                      e -> provider.getRoot(key, connectionContext)));
    }
    return remembered(key, connectionContext, provider -> provider.getRoot(key, connectionContext));
  }

  /**
   * Whether the root ({@code GET /}) links {@code cloud_controller_v3}. Unlike {@code
   * getRoot("cloud_controller_v3")} it does not fall back to {@code /v2/info}, which would make up
   * a v3 URL.
   */
  Mono<Boolean> advertisesV3(ConnectionContext connectionContext) {
    return v3Link(connectionContext)
        .map(url -> true)
        .onErrorResume(CachingRootProvider::meansNoV3, e -> Mono.just(false));
  }

  /** The v3 link of the root document itself. */
  private Mono<String> v3Link(ConnectionContext connectionContext) {
    return remembered(
        "links/" + V3_LINK,
        connectionContext,
        provider -> provider.getRootPayloadRootProvider().getRoot(V3_LINK, connectionContext));
  }

  private static boolean meansNoV3(Throwable error) {
    // cf-java-client reports a root without the link as IllegalArgumentException "... does not
    // contain key ...". It raises IllegalArgumentException too for a root answer without a body,
    // which is how a bodiless 503 arrives: that one is an outage, to be retried. A Cloud
    // Controller so old that it has no root document answers 404.
    Throwable cause = error instanceof DiscoveryFailure ? error.getCause() : error;
    return isMissingKey(cause)
        || (cause instanceof AbstractCloudFoundryException http && http.getStatusCode() == 404);
  }

  /** cf-java-client's way of saying that a discovery document lacks a link. */
  static boolean isMissingKey(Throwable error) {
    return error instanceof IllegalArgumentException
        && String.valueOf(error.getMessage()).contains("does not contain key");
  }

  private Mono<String> remembered(
      String key,
      ConnectionContext connectionContext,
      Function<DelegatingRootProvider, Mono<String>> lookup) {
    return endpoints.computeIfAbsent(
        key,
        k ->
            Mono.defer(() -> lookup.apply(delegate(connectionContext)))
                .onErrorMap(e -> e instanceof DiscoveryFailure ? e : new DiscoveryFailure(e))
                .cache(found -> FOREVER, failed -> Duration.ZERO, () -> Duration.ZERO));
  }

  private DelegatingRootProvider delegate(ConnectionContext connectionContext) {
    DelegatingRootProvider provider = delegate;
    if (provider == null) {
      // Built on first use because it needs the context's ObjectMapper; a duplicate built by a
      // racing thread is harmless, since the delegate holds no state.
      provider = factory.apply(connectionContext);
      delegate = provider;
    }
    return provider;
  }

  /** Marks an error as coming from endpoint discovery rather than from the app's endpoints. */
  static final class DiscoveryFailure extends RuntimeException {
    DiscoveryFailure(Throwable cause) {
      super("Cloud Controller endpoint discovery failed", cause);
    }
  }
}
