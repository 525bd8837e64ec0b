package io.cfmr.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback in code for all three programs (found through {@code META-INF/services}),
 * which spares a one-shot job the XML parsing a {@code logback.xml} costs at start-up. Everything
 * goes to standard output as one {@link LineLayout} line per event.
 *
 * <p>Libraries are held at WARN: cf-java-client's request, token and wire loggers would otherwise
 * log URLs and, at DEBUG ({@code cloudfoundry-client.token}), access tokens. Never lower them.
 */
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {

  static final String APPENDER = "console";
  private static final String EXPLICIT_CONFIGURATION = "logback.configurationFile";

  private static final Map<String, Level> LEVELS =
      Map.of(Logger.ROOT_LOGGER_NAME, Level.WARN, "io.cfmr", Level.INFO);

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (hasExplicitConfiguration()) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LineLayout layout = new LineLayout();
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(APPENDER);
    console.setEncoder(encoder);
    console.start();
    LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Logback's own conventions win: a file named with {@code -Dlogback.configurationFile}, or a
   * {@code logback-test.xml} / {@code logback.xml} on the class path (another program that has the
   * kit on its class path, such as a test run, keeps its own configuration).
   */
  private static boolean hasExplicitConfiguration() {
    ClassLoader loader = LoggingConfigurator.class.getClassLoader();
    return System.getProperty(EXPLICIT_CONFIGURATION) != null
        || loader.getResource("logback-test.xml") != null
        || loader.getResource("logback.xml") != null;
  }

  /** Switches every line to {@code format}; called once by a program's entry point. */
  public static void use(LogFormat format) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(APPENDER)
            instanceof ConsoleAppender<ILoggingEvent> console
        && console.getEncoder() instanceof LayoutWrappingEncoder<ILoggingEvent> encoder
        && encoder.getLayout() instanceof LineLayout layout) {
      layout.setFormat(format);
    }
  }
}
