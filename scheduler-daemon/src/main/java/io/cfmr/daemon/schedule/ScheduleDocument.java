package io.cfmr.daemon.schedule;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cfmr.schedule.ScheduleJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads the schedules in a document: YAML, or JSON when the name ends in {@code .json}, {@code
 * .jsonl} or {@code .ndjson}. A document holds a list of schedules or a single one; JSON values one
 * after another (JSON Lines, one schedule a line) are read in turn. A key given twice makes the
 * document invalid, as it does in a ConfigMap and in the broker's requests.
 */
public final class ScheduleDocument {

  /**
   * SnakeYAML refuses documents over 3 MiB by default, about 20,000 schedules; the file is read
   * whole anyway, so YAML gets the same room as JSON.
   */
  private static final ObjectMapper YAML =
      ScheduleJson.strict(YAMLMapper.builder(yamlWithoutSizeLimit()));

  private static final ObjectMapper JSON = ScheduleJson.MAPPER;

  private ScheduleDocument() {}

  /**
   * @param name the file name, which decides YAML or JSON
   * @throws ScheduleSourceException when the text is not YAML/JSON or not a list of schedules
   */
  public static List<ParsedSchedule> parse(String name, byte[] content) {
    List<JsonNode> entries = new ArrayList<>();
    boolean json = isJson(name);
    try {
      for (JsonNode value : values(json, content)) {
        if (value.isArray()) {
          value.forEach(entries::add);
        } else if (value.isObject()) {
          entries.add(value);
        } else if (!value.isNull() && !value.isMissingNode()) { // an empty file is no schedule
          throw new ScheduleSourceException(
              "expected a list of schedules ({\"app-guid\": ..., \"cron\": {...}}), found a "
                  + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new ScheduleSourceException(
          "not valid "
              + (json ? "JSON" : "YAML")
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new ScheduleSourceException("cannot read: " + e.getMessage(), e);
    }
    // On all cores: ten thousand distinct cron expressions take cron-utils a second on one.
    return IntStream.range(0, entries.size())
        .parallel()
        .mapToObj(index -> entry(entries.get(index), index))
        .toList();
  }

  /** YAML: one document. JSON: any number of values one after another (JSON Lines). */
  private static List<JsonNode> values(boolean json, byte[] content) throws IOException {
    if (!json) {
      return List.of(YAML.readTree(content));
    }
    try (MappingIterator<JsonNode> values = JSON.readerFor(JsonNode.class).readValues(content)) {
      return values.readAll();
    }
  }

  private static YAMLFactory yamlWithoutSizeLimit() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    return YAMLFactory.builder().loaderOptions(options).build();
  }

  private static ParsedSchedule entry(JsonNode json, int index) {
    return ParsedSchedule.parse(json, "entry " + (index + 1));
  }

  private static boolean isJson(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson");
  }
}
