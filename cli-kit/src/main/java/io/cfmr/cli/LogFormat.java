package io.cfmr.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** How log lines are written: {@code key=value} text for people, one JSON object for collectors. */
public enum LogFormat {
  TEXT,
  JSON;

  /** Parses {@code text} or {@code json}, in any case. */
  public static LogFormat parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected text or json, got '" + value + "'", e);
    }
  }

  /** For picocli, which builds converters reflectively. */
  public static final class Converter implements ITypeConverter<LogFormat> {
    @Override
    public LogFormat convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
