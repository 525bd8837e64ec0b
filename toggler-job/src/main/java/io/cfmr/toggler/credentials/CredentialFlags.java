package io.cfmr.toggler.credentials;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The credential flags of docs/contract.md as a picocli mixin, shared by the toggler and the daemon
 * so that both spell and explain them the same way. {@code --namespace} is not here: each program
 * says what else it uses the namespace for.
 */
public final class CredentialFlags {

  @Option(
      names = "--credentials-dir",
      paramLabel = "DIR",
      description = "CF credentials from a mounted Secret, one file per key (api, client_id, ...).")
  Path credentialsDir;

  @Option(
      names = "--secret",
      paramLabel = "NAME",
      description = "CF credentials from this Kubernetes Secret (env TOGGLER_SECRET).")
  String secret;

  /** The flags with the namespace and the process environment, for {@link CredentialsResolver}. */
  public CredentialOptions options(String namespace, Map<String, String> environment) {
    return CredentialOptions.of(credentialsDir, secret, namespace, environment);
  }
}
