package io.cfmr.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
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
    assumeTrue(System.getenv("BROKER_USERNAME") == null, "the broker would really start");
    Run missing = run();
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("BROKER_USERNAME is required");
    assertThat(missing.err().strip().lines()).hasSize(1);
  }
}
