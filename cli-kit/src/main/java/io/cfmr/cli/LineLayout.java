package io.cfmr.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.event.KeyValuePair;

/**
 * One line per event: time, level, logger, message, then the MDC and the event's key-value pairs,
 * either as {@code key=value} text or as one JSON object. The key-value pairs are how a run reports
 * its outcome ({@code app_guid}, {@code action}, {@code outcome}, {@code attempts}, ...).
 *
 * <p>Below ERROR, an exception is reduced to its class and message: the messages of our own
 * exceptions are written for operators, and a trace would add noise to a one-line-per-run log. An
 * ERROR with an exception is a bug to report, and keeps its stack trace: after the line in text, as
 * {@code stack_trace} in JSON.
 */
public final class LineLayout extends LayoutBase<ILoggingEvent> {

  private static final JsonFactory JSON = new JsonFactory();

  private volatile LogFormat format = LogFormat.TEXT;

  public void setFormat(LogFormat format) {
    this.format = format;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    return (format == LogFormat.JSON ? json(event) : text(event)) + System.lineSeparator();
  }

  private static String text(ILoggingEvent event) {
    StringBuilder line =
        new StringBuilder()
            .append(event.getInstant())
            .append(' ')
            .append(event.getLevel())
            .append(' ')
            .append(event.getLoggerName())
            .append(' ')
            .append(event.getFormattedMessage());
    fields(event)
        .forEach((key, value) -> line.append(' ').append(key).append('=').append(quoted(value)));
    stackTrace(event).ifPresent(trace -> line.append(System.lineSeparator()).append(trace.strip()));
    return line.toString();
  }

  private static String json(ILoggingEvent event) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("time", event.getInstant().toString());
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("message", event.getFormattedMessage());
      for (Map.Entry<String, Object> field : fields(event).entrySet()) {
        json.writeFieldName(field.getKey());
        if (field.getValue() instanceof Number number) {
          json.writeNumber(number.toString());
        } else {
          json.writeString(String.valueOf(field.getValue()));
        }
      }
      Optional<String> trace = stackTrace(event);
      if (trace.isPresent()) {
        json.writeStringField("stack_trace", trace.get());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static Map<String, Object> fields(ILoggingEvent event) {
    Map<String, Object> fields = new LinkedHashMap<>(event.getMDCPropertyMap());
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs != null) {
      pairs.forEach(pair -> fields.put(pair.key, pair.value));
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      fields.put("exception", error.getClassName() + ": " + error.getMessage());
    }
    return fields;
  }

  private static Optional<String> stackTrace(ILoggingEvent event) {
    IThrowableProxy error = event.getThrowableProxy();
    return error == null || !event.getLevel().isGreaterOrEqual(Level.ERROR)
        ? Optional.empty()
        : Optional.of(ThrowableProxyUtil.asString(error));
  }

  private static String quoted(Object value) {
    String text = String.valueOf(value);
    return text.isEmpty() || text.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=')
        ? '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"'
        : text;
  }
}
