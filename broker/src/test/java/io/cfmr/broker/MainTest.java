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
    return run(ENVIRONMENT, args);
  }

  private static Run run(Map<String, String> environment, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = Main.run(environment, args);
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

  @Test
  void oneTlsVariableWithoutTheOtherExitsTwoWithOneLine() {
    Run half =
        run(Map.of("BROKER_USERNAME", "u", "BROKER_PASSWORD", "p", "TLS_KEY_FILE", "/tls/tls.key"));
    assertThat(half.code()).isEqualTo(2);
    assertThat(half.err().strip().lines()).hasSize(1);
    assertThat(half.err()).contains("TLS_CERT_FILE and TLS_KEY_FILE go together");
  }
}
