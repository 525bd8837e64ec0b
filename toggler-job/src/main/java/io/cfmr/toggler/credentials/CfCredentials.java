package io.cfmr.toggler.credentials;

import io.cfmr.toggler.TogglerException;
import java.net.URI;
import java.util.Optional;

/**
 * Cloud Foundry credentials for one toggle. With a {@code username} the UAA password grant is used
 * (client {@code cf} with an empty secret unless a client is given); otherwise the
 * client-credentials grant, which needs both {@code clientId} and {@code clientSecret}.
 *
 * <p>{@link #toString()} never shows the password or the client secret.
 */
public record CfCredentials(
    URI api,
    Optional<String> clientId,
    Optional<String> clientSecret,
    Optional<String> username,
    Optional<String> password,
    boolean skipSslValidation) {

  /** The CF CLI's public UAA client, used with the password grant when no client is given. */
  public static final String DEFAULT_PASSWORD_GRANT_CLIENT = "cf";

  public CfCredentials {
    if (api == null) {
      throw TogglerException.usage(
          "CF credentials: 'api' is missing; expected the Cloud Controller URL, e.g. https://api.sys.example.com");
    }
    String scheme = api.getScheme();
    if (scheme == null
        || !(scheme.equals("https") || scheme.equals("http"))
        || api.getHost() == null) {
      throw TogglerException.usage(
          "CF credentials: 'api' must be an http(s) URL such as https://api.sys.example.com");
    }
    if (api.getRawUserInfo() != null) {
      // A user:password in the URL would end up in logs and messages; it has keys of its own.
      throw TogglerException.usage(
          "CF credentials: 'api' must not contain user information; use the username and"
              + " password keys");
    }
    clientId = clientId.filter(s -> !s.isBlank());
    clientSecret = clientSecret.filter(s -> !s.isEmpty());
    username = username.filter(s -> !s.isBlank());
    password = password.filter(s -> !s.isEmpty());
    if (username.isPresent() && password.isEmpty()) {
      throw TogglerException.usage("CF credentials: 'username' is set but 'password' is missing");
    }
    if (username.isEmpty() && (clientId.isEmpty() || clientSecret.isEmpty())) {
      throw TogglerException.usage(
          "CF credentials: expected either 'username' and 'password' (password grant)"
              + " or 'client_id' and 'client_secret' (client-credentials grant)");
    }
  }

  /** True when the UAA password grant is used. */
  public boolean usesPasswordGrant() {
    return username.isPresent();
  }

  /** The UAA client to authenticate as. */
  public String effectiveClientId() {
    return clientId.orElse(DEFAULT_PASSWORD_GRANT_CLIENT);
  }

  /** The UAA client's secret; empty for the CF CLI's public client. */
  public String effectiveClientSecret() {
    return clientSecret.orElse("");
  }

  @Override
  public String toString() {
    return "CfCredentials[api="
        + api
        + ", grant="
        + (usesPasswordGrant() ? "password" : "client_credentials")
        + ", clientId="
        + effectiveClientId()
        + ", username="
        + username.orElse("-")
        + ", skipSslValidation="
        + skipSslValidation
        + "]";
  }
}
