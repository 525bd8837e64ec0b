package io.cfmr.broker.tls;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the broker's certificate chain and private key are (PEM; the key unencrypted PKCS#8), from
 * {@code TLS_CERT_FILE} and {@code TLS_KEY_FILE}: both or neither.
 */
public record TlsFiles(Path certificate, Path key) {

  public static final String CERT_VARIABLE = "TLS_CERT_FILE";
  public static final String KEY_VARIABLE = "TLS_KEY_FILE";

  public TlsFiles {
    Objects.requireNonNull(certificate);
    Objects.requireNonNull(key);
  }

  /**
   * @throws IllegalArgumentException when only one of the two is set
   */
  public static Optional<TlsFiles> fromEnvironment(Map<String, String> env) {
    Optional<String> certificate = given(env, CERT_VARIABLE);
    Optional<String> key = given(env, KEY_VARIABLE);
    if (certificate.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException(
          CERT_VARIABLE
              + " and "
              + KEY_VARIABLE
              + " go together: set both for HTTPS or neither for HTTP; only "
              + (certificate.isPresent() ? CERT_VARIABLE : KEY_VARIABLE)
              + " is set");
    }
    return certificate.map(c -> new TlsFiles(Path.of(c), Path.of(key.orElseThrow())));
  }

  private static Optional<String> given(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }
}
