package io.cfmr.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int code = Main.run(args, Map.of());
      return new Run(
          code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "--help, --max-concurrent-toggles",
    "--help, --max-toggles-per-second=N",
    "--help, --retry-max-backoff=DURATION",
    "--help, --resync-interval=DURATION",
    "--version, scheduler-daemon"
  })
  void helpAndVersionExitZero(String flag, String shown) {
    Run run = run(flag);

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains(shown);
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | Missing required argument",
        "--schedules x.yaml --kubernetes | mutually exclusive",
        "--schedules x.yaml --max-concurrent-toggles 0 | --max-concurrent-toggles must be at least 1",
        "--schedules x.yaml --duration soon | expected a duration",
        "--schedules x.yaml --max-toggles-per-second -1 | --max-toggles-per-second must be 0",
        "--schedules x.yaml --retry-max-backoff 0s | '--retry-max-backoff'",
        "--schedules x.yaml --retry-max-backoff 0s | expected a positive duration",
        "--schedules x.yaml --resync-interval -5m | '--resync-interval'",
        "--schedules x.yaml --resync-interval soon | expected a duration",
        "--schedules x.yaml --log-format xml | --log-format",
        "--schedules x.yaml --nope | Unknown option",
        "--schedules does-not-exist.yaml --dry-run --metrics-port 0 | cannot read it",
        "--schedules does-not-exist.yaml --metrics-port 0 | no CF credentials given",
      })
  void badUsageExitsTwoWithOneLine(String args, String reason) {
    Run run = run(args.isBlank() ? new String[0] : args.split(" "));

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err().strip())
        .doesNotContain("\n")
        .startsWith("scheduler-daemon: ")
        .contains(reason);
  }
}
