package io.cfmr.toggler.credentials;

import io.cfmr.toggler.TogglerException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Finds the CF credentials in the first source that exists (docs/contract.md, "CF credentials"):
 *
 * <ol>
 *   <li>{@code --credentials-dir DIR}: a mounted Kubernetes secret, one file per key;
 *   <li>{@code --secret NAME} (env {@code TOGGLER_SECRET}): a Kubernetes Secret read through the
 *       API in {@code --namespace} (env {@code POD_NAMESPACE}, else the client's own namespace,
 *       which fabric8 resolves from the pod's service-account namespace file or the kubeconfig);
 *   <li>the environment, when {@code CF_API} is set: {@code CF_API}, {@code CF_CLIENT_ID}, ...
 * </ol>
 *
 * A source that is given but unusable (a missing directory, a secret that does not exist or may not
 * be read, an invalid value) is a usage error; the resolver never falls through to the next source,
 * so that a misconfiguration is not hidden by stale credentials elsewhere. Every message names the
 * source and never contains a password or client secret.
 */
public final class CredentialsResolver {

  /** The keys of a credentials secret, a credentials directory, and (as CF_KEY) the environment. */
  public static final List<String> KEYS =
      List.of("api", "client_id", "client_secret", "username", "password", "skip_ssl_validation");

  public static final String SECRET_ENV = "TOGGLER_SECRET";
  public static final String NAMESPACE_ENV = "POD_NAMESPACE";
  public static final String API_ENV = "CF_API";

  private static final String EXPECTED_KEYS =
      "keys api and client_id/client_secret or username/password";

  private CredentialsResolver() {}

  /**
   * Resolves the credentials.
   *
   * @param kubernetes called only when the secret source is used; it must return a new client,
   *     which the resolver closes after reading the secret
   * @throws TogglerException with {@link TogglerException.Failure#USAGE} on every problem
   */
  public static CfCredentials resolve(
      CredentialOptions options, Supplier<? extends KubernetesClient> kubernetes) {
    if (options.credentialsDir().isPresent()) {
      return fromDirectory(options.credentialsDir().get());
    }
    Optional<String> secretName = options.secretName().or(() -> options.env(SECRET_ENV));
    if (secretName.isPresent()) {
      Optional<String> namespace = options.namespace().or(() -> options.env(NAMESPACE_ENV));
      return fromSecret(secretName.get(), namespace, kubernetes);
    }
    if (options.env(API_ENV).isPresent()) {
      return fromEnvironment(options.environment());
    }
    throw TogglerException.usage(
        "no CF credentials given: pass --credentials-dir DIR (a mounted secret, one file per key),"
            + " or --secret NAME (or env "
            + SECRET_ENV
            + ") to read a Kubernetes Secret, or set CF_API with CF_CLIENT_ID/CF_CLIENT_SECRET"
            + " or CF_USERNAME/CF_PASSWORD");
  }

  private static CfCredentials fromDirectory(Path dir) {
    String source = "credentials dir " + dir;
    if (!Files.isDirectory(dir)) {
      throw TogglerException.usage(
          source
              + ": not found or not a directory; expected a mounted secret with one file per key ("
              + String.join(", ", KEYS)
              + ")");
    }
    Map<String, String> values = new HashMap<>();
    for (String key : KEYS) {
      // Kubernetes mounts DIR/key -> ..data/key -> ..TIMESTAMP/key; the file calls follow links.
      Path file = dir.resolve(key);
      if (Files.isRegularFile(file)) {
        try {
          values.put(key, Files.readString(file));
        } catch (IOException e) {
          // IOException messages carry the path, never the file's content.
          throw TogglerException.usage(
              source + ": cannot read " + key + " (" + e.getClass().getSimpleName() + ")");
        }
      }
    }
    return fromKeys(source, values, UnaryOperator.identity());
  }

  private static CfCredentials fromSecret(
      String name,
      Optional<String> namespaceOption,
      Supplier<? extends KubernetesClient> kubernetes) {
    // Kubernetes trouble (unreachable API server, bad kubeconfig, RBAC) is reported as a usage or
    // configuration error, exit 2: the toggler's deployment is wrong, not the Cloud Controller.
    try (KubernetesClient client = kubernetes.get()) {
      String namespace =
          namespaceOption
              .or(() -> Optional.ofNullable(client.getNamespace()).filter(s -> !s.isBlank()))
              .orElseThrow(
                  () ->
                      TogglerException.usage(
                          "secret "
                              + name
                              + ": no namespace known; pass --namespace NS or set "
                              + NAMESPACE_ENV));
      String source = "secret " + name + " in namespace " + namespace;
      Secret secret;
      try {
        secret = client.secrets().inNamespace(namespace).withName(name).get();
      } catch (KubernetesClientException e) {
        throw TogglerException.usage(source + ": " + readFailure(client, name, namespace, e));
      }
      if (secret == null) {
        throw TogglerException.usage(
            "secret "
                + name
                + " not found in namespace "
                + namespace
                + "; expected a Secret with "
                + EXPECTED_KEYS);
      }
      return fromKeys(source, secretValues(source, secret), UnaryOperator.identity());
    } catch (KubernetesClientException e) {
      throw TogglerException.usage(
          "secret "
              + name
              + ": cannot use the Kubernetes API: "
              + e.getMessage()
              + " ("
              + causes(e)
              + ")");
    }
  }

  private static String readFailure(
      KubernetesClient client, String name, String namespace, KubernetesClientException e) {
    int code = e.getCode();
    if (code == 403) {
      return "forbidden (403): the toggler's service account may not get secret "
          + name
          + " in namespace "
          + namespace;
    }
    if (code == 401) {
      return "unauthorized (401): the Kubernetes API rejected the toggler's credentials";
    }
    if (code <= 0) { // fabric8 reports no HTTP status when the connection failed
      return "cannot reach the Kubernetes API at " + client.getMasterUrl() + " (" + causes(e) + ")";
    }
    return "the Kubernetes API answered " + code + ": " + e.getMessage();
  }

  /** The first cause that says something, else the chain of cause types. */
  private static String causes(Throwable e) {
    List<String> types = new ArrayList<>();
    for (Throwable t = e.getCause(); t != null && types.size() < 10; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
      }
      types.add(t.getClass().getSimpleName());
    }
    return types.isEmpty() ? e.getMessage() : String.join(" caused by ", types);
  }

  /** The secret's {@code data} (base64), overlaid by {@code stringData} as an API server would. */
  private static Map<String, String> secretValues(String source, Secret secret) {
    Map<String, String> values = new HashMap<>();
    Map<String, String> data = secret.getData() != null ? secret.getData() : Map.of();
    for (String key : KEYS) {
      String encoded = data.get(key);
      if (encoded != null) {
        try {
          values.put(key, new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw TogglerException.usage(source + ": data key " + key + " is not valid base64");
        }
      }
    }
    if (secret.getStringData() != null) {
      for (String key : KEYS) {
        String value = secret.getStringData().get(key);
        if (value != null) {
          values.put(key, value);
        }
      }
    }
    return values;
  }

  private static CfCredentials fromEnvironment(Map<String, String> environment) {
    UnaryOperator<String> envName = key -> "CF_" + key.toUpperCase(Locale.ROOT);
    Map<String, String> values = new HashMap<>();
    for (String key : KEYS) {
      String value = environment.get(envName.apply(key));
      if (value != null) {
        values.put(key, value);
      }
    }
    return fromKeys("environment (CF_* variables)", values, envName);
  }

  /**
   * Builds the credentials from one source's values, by secret key; shared by all sources.
   *
   * <p>A trailing newline (as left by {@code echo}) is removed from every value; the other keys are
   * also trimmed of surrounding whitespace, while {@code password} and {@code client_secret} are
   * kept exactly as given otherwise.
   *
   * @param source names the source in error messages
   * @param keyName how the source spells a key, for error messages
   */
  static CfCredentials fromKeys(
      String source, Map<String, String> values, UnaryOperator<String> keyName) {
    Optional<String> api = value(values, "api");
    Optional<String> skipSsl = value(values, "skip_ssl_validation");
    boolean skipSslValidation = false;
    if (skipSsl.isPresent()) {
      if (skipSsl.get().equalsIgnoreCase("true")) {
        skipSslValidation = true;
      } else if (!skipSsl.get().equalsIgnoreCase("false")) {
        // The value is not echoed: a secret pasted under the wrong key must not reach a log.
        throw TogglerException.usage(
            source + ": " + keyName.apply("skip_ssl_validation") + " must be true or false");
      }
    }
    try {
      return new CfCredentials(
          api.isPresent() ? parseUri(api.get()) : null,
          value(values, "client_id"),
          value(values, "client_secret"),
          value(values, "username"),
          value(values, "password"),
          skipSslValidation);
    } catch (URISyntaxException e) {
      throw TogglerException.usage(
          source + ": " + keyName.apply("api") + " is not a valid URL (" + e.getReason() + ")");
    } catch (TogglerException e) {
      String reason = e.getMessage().replaceFirst("^CF credentials: ", "");
      throw new TogglerException(e.failure(), source + ": " + reason, e);
    }
  }

  private static URI parseUri(String value) throws URISyntaxException {
    return new URI(value);
  }

  private static Optional<String> value(Map<String, String> values, String key) {
    String raw = values.get(key);
    if (raw == null) {
      return Optional.empty();
    }
    String value =
        key.equals("password") || key.equals("client_secret")
            ? withoutTrailingNewline(raw)
            : raw.strip();
    return Optional.of(value).filter(s -> !s.isEmpty());
  }

  private static String withoutTrailingNewline(String value) {
    if (value.endsWith("\r\n")) {
      return value.substring(0, value.length() - 2);
    }
    if (value.endsWith("\n")) {
      return value.substring(0, value.length() - 1);
    }
    return value;
  }
}
