package io.cfmr.broker.osb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfmr.schedule.ScheduleJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The broker's one JSON mapper (Jackson 2, as the schedule model uses). */
public final class Json {

  /** As strict as every reader of schedules: duplicate keys are refused. */
  public static final ObjectMapper MAPPER = ScheduleJson.strict(JsonMapper.builder());

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses a request body that must be one JSON object. */
  public static ObjectNode parseObject(byte[] body) {
    if (body.length == 0) {
      throw OsbException.badRequest("the request body is empty; expected a JSON object");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (IOException e) {
      throw OsbException.badRequest("the request body is not valid JSON; expected a JSON object");
    }
    if (node == null || !node.isObject()) {
      throw OsbException.badRequest("the request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T read(String text, Class<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
