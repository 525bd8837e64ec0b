package io.cfmr.broker.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with the real tool, as {@code kubectl apply -k} does: by default {@code
 * kubectl kustomize DIR} (kubectl 1.27 or later carries kustomize v5; docs/deploy.md says why this
 * tool). {@value #COMMAND_VARIABLE} replaces the command, e.g. {@code KUSTOMIZE_CMD="kustomize
 * build"}.
 */
final class Kustomize {

  static final String COMMAND_VARIABLE = "KUSTOMIZE_CMD";
  private static final String DEFAULT_COMMAND = "kubectl kustomize";
  private static final long TIMEOUT_SECONDS = 60;

  private Kustomize() {}

  /** The rendered YAML stream; a failure (tool missing, non-zero exit) says the tool's reason. */
  static String render(Path dir) {
    List<String> command = command();
    command.add(dir.toString());
    String shown = String.join(" ", command);
    try {
      Path stderr = Files.createTempFile("kustomize", ".err");
      try {
        return run(command, stderr, shown);
      } finally {
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new AssertionError(
          "cannot run `"
              + shown
              + "` ("
              + e.getMessage()
              + "): the deploy tests need kubectl 1.27 or later (kustomize v5) on the PATH, or "
              + COMMAND_VARIABLE
              + " set to a command that renders a kustomization folder, e.g. `kustomize build`",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted: " + shown, e);
    }
  }

  private static String run(List<String> command, Path stderr, String shown)
      throws IOException, InterruptedException {
    // stderr to a file, so that a chatty tool cannot block on a full pipe while we read stdout
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(shown + " ran over " + TIMEOUT_SECONDS + " s");
    }
    if (process.exitValue() != 0) {
      throw new AssertionError(
          shown
              + " failed (exit "
              + process.exitValue()
              + "): "
              + Files.readString(stderr, StandardCharsets.UTF_8).strip());
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private static List<String> command() {
    String configured = System.getenv(COMMAND_VARIABLE);
    String command = configured == null || configured.isBlank() ? DEFAULT_COMMAND : configured;
    return new ArrayList<>(Arrays.asList(command.strip().split("\\s+")));
  }
}
