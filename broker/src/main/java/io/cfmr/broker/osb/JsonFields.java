package io.cfmr.broker.osb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Typed reads of request fields; a wrong type or a missing required field is a 400. */
final class JsonFields {

  /** OSB ids and GUIDs are short; anything longer is not one. */
  static final int MAX_TEXT = 255;

  private JsonFields() {}

  static String requiredText(JsonNode parent, String field) {
    return optionalText(parent, field)
        .orElseThrow(() -> OsbException.badRequest(field + " is required: a non-empty string"));
  }

  static Optional<String> optionalText(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual() || node.asText().isEmpty() || node.asText().length() > MAX_TEXT) {
      throw OsbException.badRequest(
          field + " must be a non-empty string of at most " + MAX_TEXT + " characters");
    }
    return Optional.of(node.asText());
  }

  /** An optional object field; absent or null reads as {@code {}}. */
  static ObjectNode object(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return Json.object();
    }
    if (!node.isObject()) {
      throw OsbException.badRequest(field + " must be a JSON object");
    }
    return (ObjectNode) node;
  }
}
