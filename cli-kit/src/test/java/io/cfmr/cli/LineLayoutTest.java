package io.cfmr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
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
    return event(Level.INFO, message, pairs);
  }

  private static LoggingEvent event(Level level, String message, Map<String, Object> pairs) {
    LoggingEvent event = new LoggingEvent(Logger.FQCN, LOGGER, level, message, null, null);
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
    String line = layout(LogFormat.TEXT, event("toggle done", Map.of("outcome", "changed")));
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
    event.setThrowableProxy(new ThrowableProxy(new IllegalStateException("boom")));

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
    assertThatThrownBy(() -> LogFormat.parse("xml")).hasMessage("expected text or json, got 'xml'");
  }

  @Test
  void anErrorWithAnExceptionKeepsItsStackTraceAndAWarningDoesNot() throws Exception {
    LoggingEvent error = event(Level.ERROR, "internal error, please report it", Map.of());
    error.setThrowableProxy(new ThrowableProxy(new IllegalStateException("boom")));
    LoggingEvent warning = event(Level.WARN, "stopping failed", Map.of());
    warning.setThrowableProxy(new ThrowableProxy(new IllegalStateException("boom")));

    String text = layout(LogFormat.TEXT, error);
    JsonNode json = new ObjectMapper().readTree(layout(LogFormat.JSON, error));

    assertThat(text.lines().findFirst().orElseThrow())
        .endsWith("exception=\"java.lang.IllegalStateException: boom\"");
    assertThat(text).contains("\tat io.cfmr.cli.LineLayoutTest.");
    assertThat(json.get("stack_trace").asText()).contains("at io.cfmr.cli.LineLayoutTest.");
    assertThat(layout(LogFormat.TEXT, warning).lines()).hasSize(1);
    assertThat(new ObjectMapper().readTree(layout(LogFormat.JSON, warning)).has("stack_trace"))
        .isFalse();
  }
}
