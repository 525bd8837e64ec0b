package io.cfmr.broker.osb;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code X-Broker-API-Originating-Identity: cloudfoundry <base64 JSON>}: only the user id is taken,
 * for the logs. A header that does not parse is ignored, never an error: it is informational.
 */
final class OriginatingIdentity {

  static final String HEADER = "x-broker-api-originating-identity";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private OriginatingIdentity() {}

  static Optional<String> userId(String header) {
    if (header == null || header.length() > 4096) {
      return Optional.empty();
    }
    String[] parts = header.trim().split("\\s+", 2);
    if (parts.length != 2) {
      return Optional.empty();
    }
    try {
      JsonNode json =
          Json.MAPPER.readTree(
              new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      String user = json == null ? null : json.path("user_id").asText(null);
      return Optional.ofNullable(user).filter(u -> SAFE.matcher(u).matches());
    } catch (IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }
}
