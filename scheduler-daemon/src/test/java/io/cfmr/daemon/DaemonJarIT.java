package io.cfmr.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar, run as operators run it: the README's dry run, SIGTERM and --duration. */
class DaemonJarIT {

  static final Path JAR = Path.of("target", "scheduler-daemon.jar");
  static final Path EXAMPLE = Path.of("..", "deploy", "examples", "schedules.yaml");

  record Running(Process process, List<String> lines) {
    boolean printed(String text) {
      return lines.stream().anyMatch(line -> line.contains(text));
    }
  }

  static Running run(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
              } catch (IOException | java.io.UncheckedIOException e) {
                lines.add("read failed: " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    return new Running(process, lines);
  }

  @Test
  void theExampleDryRunTogglesWithinSecondsAndSigtermExitsZero() throws Exception {
    Running daemon = run("--schedules", EXAMPLE.toString(), "--dry-run", "--metrics-port", "0");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> daemon.printed("dry run: would") && daemon.printed("cause=trigger"));
    // SIGTERM by kill(1): Process.destroy() would also close the stream the last lines come on.
    new ProcessBuilder("kill", "-TERM", Long.toString(daemon.process().pid())).start().waitFor();

    assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.process().exitValue()).as(String.join("\n", daemon.lines())).isZero();
    await().atMost(Duration.ofSeconds(5)).until(() -> daemon.printed("scheduler daemon stopped"));
    assertThat(daemon.printed("cause=reconcile")).isTrue();
  }

  @Test
  void durationEndsTheRunWithExitZero() throws Exception {
    Running daemon =
        run(
            "--schedules",
            EXAMPLE.toString(),
            "--dry-run",
            "--metrics-port",
            "0",
            "--duration",
            "2s",
            "--log-format",
            "json");

    assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.process().exitValue()).as(String.join("\n", daemon.lines())).isZero();
    assertThat(daemon.printed("\"message\":\"duration over, stopping\"")).isTrue();
  }
}
