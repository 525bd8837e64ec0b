package io.cfmr.broker.osb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * HTTP basic auth against the one broker account. Both sides are hashed before a constant-time
 * compare, so neither the content nor the length of the credentials leaks through timing.
 */
final class BasicAuth {

  private static final String SCHEME = "basic ";

  private final byte[] expected;

  BasicAuth(String username, String password) {
    this.expected = digest((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  boolean allows(String authorization) {
    if (authorization == null
        || !authorization.toLowerCase(Locale.ROOT).startsWith(SCHEME)
        || authorization.length() > 4096) {
      return false;
    }
    byte[] given;
    try {
      given = Base64.getDecoder().decode(authorization.substring(SCHEME.length()).trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, digest(given));
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
