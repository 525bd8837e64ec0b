package io.cfmr.broker.osb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** One HTTP response: status, content type and the bytes of the body (never empty for JSON). */
public record Reply(int status, String contentType, byte[] body) {

  public static final String JSON = "application/json";

  public Reply {
    body = body.clone();
  }

  public static Reply json(int status, JsonNode body) {
    return new Reply(status, JSON, Json.bytes(body));
  }

  /** {@code {}}: OSB's body for "nothing to say", e.g. 200 on delete or 410. */
  public static Reply empty(int status) {
    return json(status, Json.object());
  }

  public static Reply error(int status, String error, String description) {
    ObjectNode body = Json.object();
    body.put("error", error);
    body.put("description", description);
    return json(status, body);
  }

  public static Reply text(int status, String contentType, String text) {
    return new Reply(status, contentType, text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] body() {
    return body.clone();
  }
}
