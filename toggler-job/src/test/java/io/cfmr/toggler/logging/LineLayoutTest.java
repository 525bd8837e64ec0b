package io.cfmr.toggler.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.KeyValuePair;

class LineLayoutTest {

  private static final Logger LOGGER =
      ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.cfmr.toggler");

  private static LoggingEvent event(String message, Map<String, Object> pairs) {
    LoggingEvent event = new LoggingEvent(Logger.FQCN, LOGGER, Level.INFO, message, null, null);
    event.setKeyValuePairs(
        pairs.entrySet().stream().map(e -> new KeyValuePair(e.getKey(), e.getValue())).toList());
    return event;
  }

  private static String layout(LogFormat format, LoggingEvent event) {
    LineLayout layout = new LineLayout();
    layout.setFormat(format);
    return layout.doLayout(event);
  }

  @Test
  void textIsOneLineOfKeyValuePairsQuotingValuesWithSpaces() {
    String line =
        layout(LogFormat.TEXT, event("toggle done", java.util.Map.of("outcome", "changed")));
    String failed =
        layout(LogFormat.TEXT, event("toggle failed", Map.of("reason", "app \"x\" not found")));

    assertThat(line)
        .endsWith(" INFO io.cfmr.toggler toggle done outcome=changed" + System.lineSeparator());
    assertThat(failed).contains("reason=\"app \\\"x\\\" not found\"");
    assertThat(line.lines()).hasSize(1);
  }

  @Test
  void jsonIsOneObjectPerLineWithNumbersKeptAsNumbers() throws Exception {
    LoggingEvent event;
    MDC.put("app_guid", "g");
    try {
      event = event("toggle done", Map.of("attempts", 2));
      event.getMDCPropertyMap(); // the MDC is read while the event is logged
    } finally {
      MDC.remove("app_guid");
    }
    event.setThrowableProxy(
        new ch.qos.logback.classic.spi.ThrowableProxy(new IllegalStateException("boom")));

    String line = layout(LogFormat.JSON, event);
    JsonNode json = new ObjectMapper().readTree(line);

    assertThat(line.lines()).hasSize(1);
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("logger").asText()).isEqualTo("io.cfmr.toggler");
    assertThat(json.get("message").asText()).isEqualTo("toggle done");
    assertThat(json.get("attempts").isInt()).isTrue();
    assertThat(json.get("app_guid").asText()).isEqualTo("g");
    assertThat(json.get("exception").asText()).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(List.of(json.fieldNames().next())).containsExactly("time");
  }

  @Test
  void formatNamesParseInAnyCaseAndOthersAreRejected() {
    assertThat(LogFormat.parse("JSON")).isEqualTo(LogFormat.JSON);
    assertThat(LogFormat.parse(" text ")).isEqualTo(LogFormat.TEXT);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogFormat.parse("xml"))
        .hasMessage("expected text or json, got 'xml'");
  }
}
