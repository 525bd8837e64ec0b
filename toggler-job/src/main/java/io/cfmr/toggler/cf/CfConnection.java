package io.cfmr.toggler.cf;

import io.cfmr.toggler.TogglerException;
import io.cfmr.toggler.credentials.CfCredentials;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.cloudfoundry.reactor.DefaultConnectionContext;
import org.cloudfoundry.reactor.DelegatingRootProvider;
import org.cloudfoundry.reactor.TokenProvider;
import org.cloudfoundry.reactor.client.ReactorCloudFoundryClient;
import org.cloudfoundry.reactor.tokenprovider.ClientCredentialsGrantTokenProvider;
import org.cloudfoundry.reactor.tokenprovider.PasswordGrantTokenProvider;
import reactor.netty.http.client.HttpClient;
import reactor.netty.tcp.SslProvider;

/**
 * The cf-java-client objects for one set of credentials: one connection context (connection pool,
 * event loop, endpoint discovery) and one token provider, shared by every toggle. Building them
 * makes no request; discovery and the token request happen on the first toggle.
 */
record CfConnection(
    DefaultConnectionContext context,
    CachingRootProvider rootProvider,
    ReactorCloudFoundryClient client) {

  /** A connect that takes longer is retried rather than waited for. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** A Cloud Controller that accepted the request but does not answer is retried too. */
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

  /** What cf-java-client's root providers accept as an API host. */
  private static final Pattern API_HOST = Pattern.compile("[a-zA-Z0-9.-]+");

  static CfConnection open(CfCredentials credentials, ClientEvents events) {
    URI api = credentials.api();
    if (!API_HOST.matcher(api.getHost()).matches()) {
      // cf-java-client only takes plain host names (no IPv6 literals); say so before it fails.
      throw TogglerException.usage(
          "CF credentials: 'api' host '" + api.getHost() + "' is not a plain host name");
    }
    boolean secure = "https".equals(api.getScheme());
    int port = api.getPort() != -1 ? api.getPort() : secure ? 443 : 80;
    CachingRootProvider rootProvider =
        new CachingRootProvider(
            context ->
                DelegatingRootProvider.builder()
                    .apiHost(api.getHost())
                    .port(port)
                    .secure(secure)
                    .objectMapper(context.getObjectMapper())
                    .build());
    DefaultConnectionContext context;
    try {
      context =
          DefaultConnectionContext.builder()
              .apiHost(api.getHost())
              .port(port)
              .secure(secure)
              .rootProvider(rootProvider)
              .connectTimeout(CONNECT_TIMEOUT)
              // The contract: a 401 fetches a new token once, then it is an authentication error.
              .invalidTokenRetries(1L)
              .additionalHttpClientConfiguration(
                  http -> configure(http, credentials.skipSslValidation(), events))
              .build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw TogglerException.usage(
          "CF credentials: 'api' host '" + api.getHost() + "' is not usable: " + e.getMessage());
    }
    ReactorCloudFoundryClient client =
        ReactorCloudFoundryClient.builder()
            .connectionContext(context)
            .tokenProvider(new RenewableTokenProvider(() -> uaaTokenProvider(credentials)))
            .build();
    return new CfConnection(context, rootProvider, client);
  }

  private static HttpClient configure(
      HttpClient http, boolean skipSslValidation, ClientEvents events) {
    HttpClient configured =
        RetryAfterHint.recordInto(http.responseTimeout(RESPONSE_TIMEOUT), events)
            // The UAA token provider shares this client: its requests are the token requests.
            .doOnRequest(
                (request, connection) -> {
                  if (request.fullPath().endsWith("/oauth/token")) {
                    events.tokenRequested();
                  }
                });
    return skipSslValidation ? configured.secure(CfConnection::trustAnything) : configured;
  }

  /**
   * skip_ssl_validation: trust any certificate and skip the host name check, as the cf CLI's {@code
   * --skip-ssl-validation} does. cf-java-client's own {@code skipSslValidation} is not used:
   * reactor-netty still checks host names under it, and it opens an extra TLS connection to every
   * host first to collect its certificate.
   */
  private static void trustAnything(SslProvider.SslContextSpec spec) {
    try {
      spec.sslContext(
              SslContextBuilder.forClient()
                  .trustManager(InsecureTrustManagerFactory.INSTANCE)
                  .build())
          .handlerConfigurator(
              handler -> {
                SSLEngine engine = handler.engine();
                SSLParameters parameters = engine.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm(null);
                engine.setSSLParameters(parameters);
              });
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS without certificate checks", e);
    }
  }

  /** Password grant when a username is given, else client credentials (docs/contract.md). */
  private static TokenProvider uaaTokenProvider(CfCredentials credentials) {
    if (credentials.usesPasswordGrant()) {
      return PasswordGrantTokenProvider.builder()
          .clientId(credentials.effectiveClientId())
          .clientSecret(credentials.effectiveClientSecret())
          .username(credentials.username().orElseThrow())
          .password(credentials.password().orElseThrow())
          .build();
    }
    return ClientCredentialsGrantTokenProvider.builder()
        .clientId(credentials.effectiveClientId())
        .clientSecret(credentials.effectiveClientSecret())
        .build();
  }

  /** Who authenticates, for messages: the user or client name, never a secret. */
  static String principal(CfCredentials credentials) {
    return credentials.usesPasswordGrant()
        ? "user '"
            + credentials.username().orElseThrow()
            + "' (client '"
            + credentials.effectiveClientId()
            + "')"
        : "client '" + credentials.effectiveClientId() + "'";
  }

  void dispose() {
    context.dispose();
  }
}
