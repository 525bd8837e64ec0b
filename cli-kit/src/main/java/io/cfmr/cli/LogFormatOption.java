package io.cfmr.cli;

import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --log-format text|json}, the same in every program: use as a picocli {@code @Mixin}. */
public final class LogFormatOption {

  /** Where a program configured by environment (the broker) also takes the format. */
  public static final String ENV = "LOG_FORMAT";

  @Option(
      names = "--log-format",
      paramLabel = "text|json",
      converter = LogFormat.Converter.class,
      description = "Log lines as key=value text or JSON (default: text).")
  LogFormat format;

  /** The flag's format, else text. */
  public LogFormat format() {
    return Optional.ofNullable(format).orElse(LogFormat.TEXT);
  }

  /**
   * The flag's format, else {@code LOG_FORMAT} from {@code environment}, else text.
   *
   * @throws IllegalArgumentException naming {@code LOG_FORMAT} when it is neither
   */
  public LogFormat format(Map<String, String> environment) {
    String variable = environment.get(ENV);
    if (format != null || variable == null || variable.isBlank()) {
      return format();
    }
    try {
      return LogFormat.parse(variable);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV + ": " + e.getMessage(), e);
    }
  }
}
