package io.cfmr.broker.osb;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A draft-04 JSON Schema for provision or bind parameters, loaded from {@code
 * src/main/resources/schemas}. The catalog publishes exactly this document and requests are
 * validated against it: one source of truth.
 */
public final class ParameterSchema {

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
  private static final int MAX_REPORTED = 3;

  private final JsonNode document;
  private final Schema schema;

  private ParameterSchema(String text) {
    this.document = Json.read(text, JsonNode.class);
    this.schema = REGISTRY.getSchema(text, InputFormat.JSON);
  }

  /** Loads {@code schemas/NAME.json} from the class path. */
  public static ParameterSchema load(String name) {
    String resource = "schemas/" + name + ".json";
    try (InputStream in = ParameterSchema.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource);
      }
      return new ParameterSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema as the catalog publishes it. */
  public JsonNode document() {
    return document.deepCopy();
  }

  /**
   * @throws OsbException 400 naming the offending fields and what is expected
   */
  public void validate(JsonNode parameters) {
    List<Error> errors = schema.validate(Json.text(parameters), InputFormat.JSON);
    if (!errors.isEmpty()) {
      throw OsbException.badRequest(
          "invalid parameters: "
              + errors.stream()
                  .limit(MAX_REPORTED)
                  .map(ParameterSchema::describe)
                  .collect(Collectors.joining("; ")));
    }
  }

  /** {@code field: message}, with the field written as the schedule model writes it. */
  private static String describe(Error error) {
    String field = field(String.valueOf(error.getInstanceLocation()));
    return (field.isEmpty() ? "parameters" : field) + ": " + error.getMessage();
  }

  /** The JSON pointer {@code /ports/0/name} as {@code ports[0].name}. */
  static String field(String pointer) {
    StringBuilder field = new StringBuilder();
    for (String segment : pointer.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.chars().allMatch(Character::isDigit)) {
        field.append('[').append(segment).append(']');
      } else {
        field.append(field.length() == 0 ? "" : ".");
        field.append(segment.replace("~1", "/").replace("~0", "~"));
      }
    }
    return field.toString();
  }
}
