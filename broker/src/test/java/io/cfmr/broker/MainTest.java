package io.cfmr.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

  /** No BROKER_USERNAME: the broker never really starts. */
  private static final Map<String, String> ENVIRONMENT = Map.of("LOG_FORMAT", "text");

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = Main.run(ENVIRONMENT, args);
      return new Run(
          code,
          outBytes.toString(StandardCharsets.UTF_8),
          errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void helpAndVersionExitZero() {
    Run help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("BROKER_USERNAME").contains("SCHEDULER_MODE");
    Run version = run("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).contains("broker");
  }

  @Test
  void badUsageExitsTwoWithOneLine() {
    Run bad = run("--no-such-option");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip().lines()).hasSize(1);
  }

  @Test
  void missingCredentialsInTheEnvironmentExitTwoWithAClearMessage() {
    Run missing = run();
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().strip())
        .startsWith("broker: BROKER_USERNAME is required")
        .endsWith("(see --help)");
    assertThat(missing.err().strip().lines()).hasSize(1);
  }

  @Test
  void anUnknownLogFormatIsBadUsage() {
    Run flag = run("--log-format", "xml");
    assertThat(flag.code()).isEqualTo(2);
    assertThat(flag.err().strip()).startsWith("broker: ").contains("--log-format");
  }
}
