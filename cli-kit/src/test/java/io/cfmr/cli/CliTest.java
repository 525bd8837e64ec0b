package io.cfmr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class CliTest {

  @Command(name = "prog", mixinStandardHelpOptions = true, versionProvider = Version.class)
  static final class Prog implements Callable<Integer> {
    @Mixin LogFormatOption logFormat;

    @Override
    public Integer call() {
      return 0;
    }
  }

  private record Run(int code, String out, String err) {}

  private static Run run(Prog prog, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Cli.commandLine(prog);
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int code = command.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void badUsageIsOneLineNamingTheProgramAndExitsTwo() {
    Run run = run(new Prog(), "--log-format", "xml");

    assertThat(run.code()).isEqualTo(Cli.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "prog: Invalid value for option '--log-format': expected text or json, got 'xml'"
                + " (see --help)"
                + System.lineSeparator());
  }

  @Test
  void versionIsTheProgramAndItsVersion() {
    Run run = run(new Prog(), "--version");

    assertThat(run.code()).isZero();
    assertThat(run.out().strip()).isEqualTo("prog dev");
  }

  @Test
  void theLogFormatFlagWinsOverTheEnvironmentWhichWinsOverText() {
    Prog given = new Prog();
    run(given, "--log-format", "JSON");
    Prog none = new Prog();
    run(none);

    assertThat(given.logFormat.format(Map.of("LOG_FORMAT", "text"))).isEqualTo(LogFormat.JSON);
    assertThat(none.logFormat.format(Map.of("LOG_FORMAT", "json"))).isEqualTo(LogFormat.JSON);
    assertThat(none.logFormat.format(Map.of())).isEqualTo(LogFormat.TEXT);
    assertThatThrownBy(() -> none.logFormat.format(Map.of("LOG_FORMAT", "xml")))
        .hasMessage("LOG_FORMAT: expected text or json, got 'xml'");
  }

  @Test
  void messagesAreKeptOnOneLine() {
    assertThat(Cli.oneLine("first\n  second \r\nthird")).isEqualTo("first second third");
  }
}
