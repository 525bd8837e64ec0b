package io.cfmr.toggler;

import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_ID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_SECRET;
import static io.cfmr.toggler.cf.FakeCloudFoundry.GUID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.TOKEN;
import static io.cfmr.toggler.cf.FakeCloudFoundry.getApp;
import static io.cfmr.toggler.cf.FakeCloudFoundry.passwordGrant;
import static io.cfmr.toggler.cf.FakeCloudFoundry.uaaError;
import static io.cfmr.toggler.cf.FakeCloudFoundry.v3Action;
import static io.cfmr.toggler.cf.FakeCloudFoundry.v3Error;
import static io.cfmr.toggler.cf.FakeCloudFoundry.withToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cfmr.toggler.cf.FakeCloudFoundry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged fat jar, run as Kubernetes runs it: a child process, exit code and output read back.
 * This is where "no secret or token in anything printed" is checked, on the real process output.
 */
class TogglerJarIT {

  @RegisterExtension static WireMockExtension cc = FakeCloudFoundry.server();
  @RegisterExtension static WireMockExtension uaa = FakeCloudFoundry.server();

  private static final Path JAR = Paths.get("target", "toggler-job.jar");
  private static final String USER = "scheduler-bot";
  private static final String PASSWORD = "pa55w0rd-value";

  private FakeCloudFoundry cf;

  record Result(int exit, List<String> stdout, String stderr) {
    String all() {
      return String.join("\n", stdout) + "\n" + stderr;
    }
  }

  @BeforeEach
  void setUp() {
    cf = new FakeCloudFoundry(cc, uaa);
  }

  private Result run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out.lines().toList(), err);
  }

  private Map<String, String> clientCredentials() {
    return Map.of(
        "CF_API", cf.ccUrl(), "CF_CLIENT_ID", CLIENT_ID, "CF_CLIENT_SECRET", CLIENT_SECRET);
  }

  private void appIs(String state) {
    cf.clientCredentialsLogin(CLIENT_ID, CLIENT_SECRET, TOKEN);
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App(state)));
  }

  @Test
  void startPrintsExactlyOneLineAndExitsZero() throws Exception {
    appIs("STOPPED");
    cc.stubFor(withToken(v3Action("start"), TOKEN).willReturn(cf.v3App("STARTED")));

    Result result = run(clientCredentials(), "start", "--app-guid", GUID);

    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).hasSize(1);
    assertThat(result.stdout().get(0))
        .contains("INFO io.cfmr.toggler toggle done", "app_guid=" + GUID, "outcome=changed");
    assertThat(result.stderr()).isEmpty();
    cf.assertNothingUnmatched();
  }

  @Test
  void reconcileWithAMountedSecretAndJsonLogsPrintsOneJsonObject(@TempDir Path secret)
      throws Exception {
    Files.writeString(secret.resolve("api"), cf.ccUrl() + "\n");
    Files.writeString(secret.resolve("username"), USER);
    Files.writeString(secret.resolve("password"), PASSWORD);
    cf.discovery(true);
    uaa.stubFor(passwordGrant("cf", "", USER, PASSWORD).willReturn(cf.token(TOKEN)));
    cc.stubFor(withToken(getApp(), TOKEN).willReturn(cf.v3App("STARTED")));

    Result result =
        run(
            Map.of(),
            "reconcile",
            "--app-guid",
            GUID,
            "--start",
            "@yearly",
            "--credentials-dir",
            secret.toString(),
            "--log-format",
            "json");

    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(result.stdout().get(0));
    assertThat(line.get("outcome").asText()).isEqualTo("already-in-state");
    assertThat(line.get("action").asText()).isEqualTo("start");
    assertThat(line.get("attempts").asInt()).isEqualTo(1);
    cf.assertNothingUnmatched();
  }

  @Test
  void badUsageIsOneLineOnStderrAndExitTwo() throws Exception {
    Result result = run(Map.of(), "start", "--app-guid", "backend");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr().lines())
        .containsExactly(
            "toggler-job start: Invalid value for option '--app-guid': expected a GUID such as"
                + " cb203632-efaf-47f1-ae65-68b856a28c6f, got 'backend' (see --help)");
  }

  @Test
  void noSecretPasswordOrTokenIsEverPrintedWhateverFails(@TempDir Path secret) throws Exception {
    Files.writeString(secret.resolve("api"), cf.ccUrl());
    Files.writeString(secret.resolve("username"), USER);
    Files.writeString(secret.resolve("password"), PASSWORD);
    Files.writeString(secret.resolve("client_id"), CLIENT_ID);
    Files.writeString(secret.resolve("client_secret"), CLIENT_SECRET);
    cf.discovery(true);
    // Hostile fakes: every error body repeats the credentials and the token.
    String echo = String.join(" ", CLIENT_SECRET, PASSWORD, TOKEN);
    uaa.stubFor(
        passwordGrant(CLIENT_ID, CLIENT_SECRET, USER, PASSWORD)
            .willReturn(uaaError(401, "unauthorized", "Bad credentials " + echo)));
    List<Result> results = new ArrayList<>();

    results.add(run(Map.of(), "start", "--app-guid", GUID, "--credentials-dir", secret.toString()));
    uaa.resetAll();
    uaa.stubFor(
        passwordGrant(CLIENT_ID, CLIENT_SECRET, USER, PASSWORD).willReturn(cf.token(TOKEN)));
    cc.stubFor(
        withToken(getApp(), TOKEN).willReturn(v3Error(403, "CF-NotAuthorized", 10003, echo)));
    results.add(run(Map.of(), "stop", "--app-guid", GUID, "--credentials-dir", secret.toString()));
    Files.writeString(secret.resolve("skip_ssl_validation"), "maybe " + PASSWORD);
    results.add(run(Map.of(), "stop", "--app-guid", GUID, "--credentials-dir", secret.toString()));
    results.add(
        run(
            Map.of("CF_API", "http://127.0.0.1:9", "CF_USERNAME", USER, "CF_PASSWORD", PASSWORD),
            "stop",
            "--app-guid",
            GUID,
            "--timeout",
            "1s",
            "--log-format",
            "json"));

    assertThat(results).extracting(Result::exit).containsExactly(3, 4, 2, 5);
    for (Result result : results) {
      assertThat(result.all()).doesNotContain(CLIENT_SECRET, PASSWORD, TOKEN);
      assertThat(result.stdout()).hasSize(1);
    }
  }

  static {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(
          "run with `mvn verify`: " + JAR + " is built in the package phase", new IOException());
    }
  }
}
