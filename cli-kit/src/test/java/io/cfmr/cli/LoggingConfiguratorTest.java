package io.cfmr.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import org.junit.jupiter.api.Test;

class LoggingConfiguratorTest {

  @Test
  void withoutAConfigurationFileItWritesOneConsoleAndHoldsLibrariesAtWarn() {
    LoggerContext context = new LoggerContext();

    ExecutionStatus status = new LoggingConfigurator().configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getAppender(LoggingConfigurator.APPENDER)).isNotNull();
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("cloudfoundry-client.token").getEffectiveLevel())
        .isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.cfmr.toggler").getEffectiveLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void aConfigurationFileNamedOnTheCommandLineWins() {
    LoggerContext context = new LoggerContext();
    System.setProperty("logback.configurationFile", "elsewhere.xml");
    try {
      ExecutionStatus status = new LoggingConfigurator().configure(context);

      assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console")).isNull();
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }
}
