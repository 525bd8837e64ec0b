package io.cfmr.toggler.credentials;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The credential options as given on the command line, plus the process environment.
 *
 * <p>Main passes the raw option values; the environment fallbacks of docs/contract.md are applied
 * by {@link CredentialsResolver} from {@link #environment()}: {@code TOGGLER_SECRET} for a missing
 * {@code --secret}, {@code POD_NAMESPACE} for a missing {@code --namespace}, and the {@code CF_*}
 * variables as the last source. Blank option values count as not given.
 *
 * @param credentialsDir {@code --credentials-dir}: a mounted Kubernetes secret, one file per key
 * @param secretName {@code --secret}: a Kubernetes Secret read through the API
 * @param namespace {@code --namespace}: where that Secret lives
 * @param environment the process environment, read once by Main
 */
public record CredentialOptions(
    Optional<Path> credentialsDir,
    Optional<String> secretName,
    Optional<String> namespace,
    Map<String, String> environment) {

  public CredentialOptions {
    Objects.requireNonNull(credentialsDir, "credentialsDir");
    secretName = Objects.requireNonNull(secretName, "secretName").filter(s -> !s.isBlank());
    namespace = Objects.requireNonNull(namespace, "namespace").filter(s -> !s.isBlank());
    environment = Map.copyOf(environment);
  }

  /** For picocli-style callers: {@code null} means the option was not given. */
  public static CredentialOptions of(
      Path credentialsDir, String secretName, String namespace, Map<String, String> environment) {
    return new CredentialOptions(
        Optional.ofNullable(credentialsDir),
        Optional.ofNullable(secretName),
        Optional.ofNullable(namespace),
        environment);
  }

  /** An environment variable, empty when unset or blank. */
  Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(s -> !s.isBlank());
  }
}
