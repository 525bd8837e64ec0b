package io.cfmr.toggler.cf;

import static io.cfmr.toggler.TogglerException.Failure.APP_ACCESS;
import static io.cfmr.toggler.TogglerException.Failure.AUTHENTICATION;
import static io.cfmr.toggler.TogglerException.Failure.UNAVAILABLE;
import static io.cfmr.toggler.TogglerException.Failure.USAGE;

import com.fasterxml.jackson.core.JacksonException;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.cf.CachingRootProvider.DiscoveryFailure;
import io.cfmr.toggler.cf.RenewableTokenProvider.TokenRequestFailure;
import io.netty.channel.ChannelException;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.cloudfoundry.AbstractCloudFoundryException;
import org.cloudfoundry.client.v2.ClientV2Exception;
import org.cloudfoundry.client.v3.ClientV3Exception;
import org.cloudfoundry.uaa.UaaException;
import reactor.core.Exceptions;

/**
 * Turns whatever cf-java-client, reactor-netty or the JDK raised into a {@link Verdict}. Messages
 * are composed here from status codes and error codes only: cf-java-client's own messages can carry
 * response bodies, and a body must never reach a log line.
 */
final class FailureClassifier {

  /** Error codes such as {@code invalid_client} or {@code CF-AppNotFound}: safe to show. */
  private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final String principal;
  private final String api;

  /**
   * @param principal who authenticates, e.g. {@code client 'scheduler'}; no secret
   * @param api the Cloud Controller URL, for messages
   */
  FailureClassifier(String principal, String api) {
    this.principal = principal;
    this.api = api;
  }

  Verdict classify(Throwable error, AppGuid app, AppState desired) {
    Optional<SSLException> tls = find(error, SSLException.class);
    if (tls.isPresent()) {
      return tlsFailure(tls.get());
    }
    if (Exceptions.isRetryExhausted(error)
        && error.getCause() != null
        && error.getCause().getClass().getSimpleName().equals("InvalidTokenException")) {
      // cf-java-client got a 401, fetched a new token and got a 401 again.
      return Verdict.fail(
          AUTHENTICATION,
          "the Cloud Controller at "
              + api
              + " rejected a freshly fetched token of "
              + principal
              + " (HTTP 401)");
    }
    Optional<DiscoveryFailure> discovery = find(error, DiscoveryFailure.class);
    if (discovery.isPresent()) {
      return discoveryFailure(discovery.get().getCause());
    }
    Optional<TokenRequestFailure> token = find(error, TokenRequestFailure.class);
    if (token.isPresent()) {
      return uaaFailure(token.get().getCause());
    }
    if (error instanceof AbstractCloudFoundryException http) {
      return cloudControllerFailure(http, app, desired);
    }
    return networkOrUnexpected(error, "the Cloud Controller at " + api);
  }

  private Verdict tlsFailure(SSLException tls) {
    String reason = Optional.ofNullable(tls.getMessage()).orElse(tls.getClass().getSimpleName());
    boolean certificate =
        find(tls, CertificateException.class).isPresent()
            || reason.contains("certificate")
            || reason.contains("PKIX");
    if (certificate) {
      return Verdict.fail(
          UNAVAILABLE,
          "TLS certificate verification failed for the Cloud Controller at "
              + api
              + " or its UAA ("
              + reason
              + "); give them a trusted certificate, or set skip_ssl_validation to true to skip"
              + " certificate verification",
          Optional.of(tls));
    }
    return Verdict.fail(
        UNAVAILABLE,
        "TLS handshake with the Cloud Controller at " + api + " or its UAA failed: " + reason,
        Optional.of(tls));
  }

  private Verdict discoveryFailure(Throwable cause) {
    if (cause instanceof AbstractCloudFoundryException http) {
      int status = http.getStatusCode();
      if (isOutage(status)) {
        return Verdict.retry("HTTP " + status + " from the Cloud Controller", Optional.empty());
      }
      return Verdict.fail(
          USAGE,
          "'api' "
              + api
              + " does not look like a Cloud Controller: its endpoint discovery answered HTTP "
              + status);
    }
    if (CachingRootProvider.isMissingKey(cause)) {
      return Verdict.fail(
          USAGE,
          "'api' "
              + api
              + " does not look like a Cloud Controller: its root and /v2/info do not name a UAA");
    }
    if (cause instanceof IllegalArgumentException) {
      // cf-java-client's report of a discovery answer without a body: an error page, retried.
      return Verdict.retry(
          "the Cloud Controller at " + api + " answered endpoint discovery without a document",
          Optional.empty());
    }
    return networkOrUnexpected(cause, "the Cloud Controller at " + api);
  }

  private Verdict uaaFailure(Throwable cause) {
    if (cause instanceof AbstractCloudFoundryException http) {
      int status = http.getStatusCode();
      if (isOutage(status)) {
        return Verdict.retry("HTTP " + status + " from the UAA", Optional.empty());
      }
      String code =
          cause instanceof UaaException uaa
              ? safeCode(uaa.getError()).map(c -> ", " + c).orElse("")
              : "";
      return Verdict.fail(
          AUTHENTICATION,
          "the UAA rejected the credentials of " + principal + " (HTTP " + status + code + ")");
    }
    return networkOrUnexpected(cause, "the UAA");
  }

  private Verdict cloudControllerFailure(
      AbstractCloudFoundryException http, AppGuid app, AppState desired) {
    int status = http.getStatusCode();
    if (isOutage(status)) {
      return Verdict.retry("HTTP " + status + " from the Cloud Controller", Optional.empty());
    }
    return switch (status) {
      case 404 -> Verdict.fail(APP_ACCESS, "app " + app + " not found (HTTP 404 from " + api + ")");
      case 403 ->
          Verdict.fail(
              APP_ACCESS,
              principal
                  + " is not permitted to "
                  + desired.action()
                  + " app "
                  + app
                  + " (HTTP 403): it needs the SpaceDeveloper role in the app's space");
      case 401 ->
          Verdict.fail(
              AUTHENTICATION,
              "the Cloud Controller at "
                  + api
                  + " rejected the token of "
                  + principal
                  + " (HTTP 401)");
      default ->
          Verdict.fail(
              APP_ACCESS,
              "the Cloud Controller refused to "
                  + desired.action()
                  + " app "
                  + app
                  + " (HTTP "
                  + status
                  + errorCode(http).map(c -> ", " + c).orElse("")
                  + ")");
    };
  }

  private static Verdict networkOrUnexpected(Throwable error, String peer) {
    Optional<Throwable> network = networkCause(error);
    if (network.isPresent()) {
      Throwable cause = network.get();
      String reason =
          Optional.ofNullable(cause.getMessage()).orElse(cause.getClass().getSimpleName());
      return Verdict.retry(peer + " is unreachable: " + reason, network);
    }
    return Verdict.fail(
        UNAVAILABLE,
        "unexpected failure talking to "
            + peer
            + ": "
            + error.getClass().getSimpleName()
            + " (no details shown: they may contain response bodies)");
  }

  /** 429 and 5xx: the server is there but cannot serve now. */
  static boolean isOutage(int status) {
    return status == 429 || status >= 500;
  }

  /**
   * The connection-level exception in the chain (refused, reset, timed out), if any. Jackson's
   * exceptions are IOExceptions too, but quote the text they failed to parse: never chained.
   */
  private static Optional<Throwable> networkCause(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JacksonException || t instanceof AbstractCloudFoundryException) {
        return Optional.empty();
      }
      if (t instanceof IOException || t instanceof ChannelException) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> errorCode(AbstractCloudFoundryException http) {
    if (http instanceof ClientV3Exception v3 && !v3.getErrors().isEmpty()) {
      return safeCode(v3.getErrors().get(0).getTitle());
    }
    if (http instanceof ClientV2Exception v2) {
      return safeCode(v2.getErrorCode());
    }
    return Optional.empty();
  }

  private static Optional<String> safeCode(String code) {
    return Optional.ofNullable(code).filter(c -> ERROR_CODE.matcher(c).matches());
  }

  private static <T extends Throwable> Optional<T> find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }
}
