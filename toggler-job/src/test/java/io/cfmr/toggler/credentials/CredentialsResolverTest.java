package io.cfmr.toggler.credentials;

import static io.cfmr.toggler.cf.FakeCloudFoundry.CLIENT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.cfmr.toggler.TogglerException;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class CredentialsResolverTest {

  private static final String API = "https://api.sys.example.com";
  private static final String PASSWORD = "pa55 w0rd\twith  spaces ";

  static KubernetesMockServer server;
  static KubernetesClient client;

  @TempDir Path tmp;

  // --- credentials dir

  @Test
  void credentialsDirWithUsernameUsesPasswordGrant() throws IOException {
    Path dir = credentialsDir(Map.of("api", API, "username", "admin", "password", PASSWORD));

    CfCredentials credentials = resolve(options(dir, null, null, Map.of()));

    assertThat(credentials.api()).isEqualTo(URI.create(API));
    assertThat(credentials.usesPasswordGrant()).isTrue();
    assertThat(credentials.username()).contains("admin");
    assertThat(credentials.password()).contains(PASSWORD);
    assertThat(credentials.effectiveClientId()).isEqualTo("cf");
    assertThat(credentials.effectiveClientSecret()).isEmpty();
    assertThat(credentials.skipSslValidation()).isFalse();
  }

  @Test
  void credentialsDirWithClientOnlyUsesClientCredentialsGrant() throws IOException {
    Path dir =
        credentialsDir(
            Map.of(
                "api",
                API,
                "client_id",
                "toggler",
                "client_secret",
                CLIENT_SECRET,
                "skip_ssl_validation",
                "TRUE"));

    CfCredentials credentials = resolve(options(dir, null, null, Map.of()));

    assertThat(credentials.usesPasswordGrant()).isFalse();
    assertThat(credentials.effectiveClientId()).isEqualTo("toggler");
    assertThat(credentials.effectiveClientSecret()).isEqualTo(CLIENT_SECRET);
    assertThat(credentials.skipSslValidation()).isTrue();
  }

  @Test
  void credentialsDirIsReadThroughKubernetesDataSymlinks() throws IOException {
    // What the kubelet mounts: DIR/key -> ..data/key, ..data -> ..TIMESTAMP/, files in there.
    Path dir = Files.createDirectory(tmp.resolve("mounted"));
    Path version = Files.createDirectory(dir.resolve("..2024_05_01_10_00_00.123456789"));
    Map<String, String> values = Map.of("api", API, "username", "admin", "password", PASSWORD);
    for (var entry : values.entrySet()) {
      Files.writeString(version.resolve(entry.getKey()), entry.getValue());
    }
    Files.createSymbolicLink(dir.resolve("..data"), version.getFileName());
    for (String key : values.keySet()) {
      Files.createSymbolicLink(dir.resolve(key), Path.of("..data", key));
    }

    CfCredentials credentials = resolve(options(dir, null, null, Map.of()));

    assertThat(credentials.api()).isEqualTo(URI.create(API));
    assertThat(credentials.username()).contains("admin");
    assertThat(credentials.password()).contains(PASSWORD);
  }

  @Test
  void trailingNewlineIsTrimmedButOtherPasswordContentIsKept() throws IOException {
    Path dir =
        credentialsDir(
            Map.of(
                "api",
                API + "\n",
                "username",
                "admin\n",
                "password",
                PASSWORD + "\n",
                "skip_ssl_validation",
                "false\r\n"));

    CfCredentials credentials = resolve(options(dir, null, null, Map.of()));

    assertThat(credentials.api()).isEqualTo(URI.create(API));
    assertThat(credentials.username()).contains("admin");
    assertThat(credentials.password()).contains(PASSWORD);
    assertThat(credentials.skipSslValidation()).isFalse();
  }

  @Test
  void credentialsDirWinsOverSecretAndEnvironment() throws IOException {
    Path dir = credentialsDir(Map.of("api", API, "username", "from-dir", "password", PASSWORD));

    CfCredentials credentials =
        CredentialsResolver.resolve(
            options(dir, "some-secret", "some-ns", passwordEnv("from-env")), noKubernetes());

    assertThat(credentials.username()).contains("from-dir");
  }

  @Test
  void missingCredentialsDirIsUsageErrorNamingTheDir() {
    Path dir = tmp.resolve("absent");

    assertUsageError(
        () -> resolve(options(dir, null, null, passwordEnv("from-env"))),
        "credentials dir " + dir,
        "not found or not a directory");
  }

  // --- Kubernetes secret

  @Test
  void secretIsReadFromTheNamespaceGivenAsOption() {
    createSecret("opt-ns", "cf-creds", passwordKeys("from-option-ns"));
    createSecret("pod-ns", "cf-creds", passwordKeys("from-pod-ns"));

    CfCredentials credentials =
        resolve(options(null, "cf-creds", "opt-ns", Map.of("POD_NAMESPACE", "pod-ns")));

    assertThat(credentials.username()).contains("from-option-ns");
    assertThat(credentials.password()).contains(PASSWORD);
  }

  @Test
  void secretNamespaceFallsBackToPodNamespaceEnv() {
    createSecret("pod-ns-2", "cf-creds", passwordKeys("from-pod-ns"));

    CfCredentials credentials =
        resolve(options(null, "cf-creds", null, Map.of("POD_NAMESPACE", "pod-ns-2")));

    assertThat(credentials.username()).contains("from-pod-ns");
  }

  @Test
  void secretNamespaceFallsBackToTheClientsNamespace() {
    String clientNamespace = client.getNamespace();
    createSecret(clientNamespace, "default-ns-creds", passwordKeys("from-client-ns"));

    CfCredentials credentials = resolve(options(null, "default-ns-creds", null, Map.of()));

    assertThat(credentials.username()).contains("from-client-ns");
  }

  @Test
  void secretNameFallsBackToTogglerSecretEnv() {
    createSecret("env-ns", "env-named", passwordKeys("from-toggler-secret"));

    CfCredentials credentials =
        resolve(
            options(
                null,
                null,
                null,
                Map.of("TOGGLER_SECRET", "env-named", "POD_NAMESPACE", "env-ns")));

    assertThat(credentials.username()).contains("from-toggler-secret");
  }

  @Test
  void secretWithClientCredentialsAndStringDataIsHonoured() {
    client
        .secrets()
        .inNamespace("string-ns")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("plain")
                .endMetadata()
                .addToData("api", base64("https://wrong.example.com"))
                .addToStringData("api", API)
                .addToStringData("client_id", "toggler")
                .addToStringData("client_secret", CLIENT_SECRET + "\n")
                .build())
        .create();

    CfCredentials credentials = resolve(options(null, "plain", "string-ns", Map.of()));

    assertThat(credentials.api()).isEqualTo(URI.create(API));
    assertThat(credentials.usesPasswordGrant()).isFalse();
    assertThat(credentials.effectiveClientSecret()).isEqualTo(CLIENT_SECRET);
  }

  @Test
  void missingSecretIsUsageErrorNamingSecretAndNamespace() {
    assertUsageError(
        () -> resolve(options(null, "absent-secret", "cfmr", passwordEnv("from-env"))),
        "secret absent-secret not found in namespace cfmr",
        "expected a Secret with keys api and client_id/client_secret or username/password");
  }

  @Test
  void forbiddenSecretIsUsageErrorAboutTheServiceAccount() {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/locked/secrets/cf-creds")
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}")
        .once();

    assertUsageError(
        () -> resolve(options(null, "cf-creds", "locked", Map.of())),
        "secret cf-creds in namespace locked",
        "the toggler's service account may not get secret cf-creds in namespace locked");
  }

  @Test
  void unreachableKubernetesIsUsageError() {
    Config unreachable =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:1")
            .withNamespace("cfmr")
            .withRequestRetryBackoffLimit(0)
            .build();

    assertUsageError(
        () ->
            CredentialsResolver.resolve(
                options(null, "cf-creds", null, Map.of()),
                () -> new KubernetesClientBuilder().withConfig(unreachable).build()),
        "secret cf-creds in namespace cfmr",
        "cannot reach the Kubernetes API");
  }

  @Test
  void secretWithoutAnyNamespaceIsUsageErrorAskingForOne() {
    Config noNamespace =
        new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:1").build();

    assertUsageError(
        () ->
            CredentialsResolver.resolve(
                options(null, "cf-creds", null, Map.of()),
                () -> new KubernetesClientBuilder().withConfig(noNamespace).build()),
        "secret cf-creds: no namespace known; pass --namespace NS or set POD_NAMESPACE");
  }

  @Test
  void secretWinsOverEnvironment() {
    createSecret("win-ns", "cf-creds", passwordKeys("from-secret"));

    CfCredentials credentials =
        resolve(options(null, "cf-creds", "win-ns", passwordEnv("from-env")));

    assertThat(credentials.username()).contains("from-secret");
  }

  @Test
  void secretWithoutApiIsUsageErrorNamingTheSecret() {
    createSecret("no-api-ns", "cf-creds", Map.of("username", "admin", "password", PASSWORD));

    assertUsageError(
        () -> resolve(options(null, "cf-creds", "no-api-ns", Map.of())),
        "secret cf-creds in namespace no-api-ns: 'api' is missing");
  }

  // --- environment

  @Test
  void environmentIsUsedWhenCfApiIsSet() {
    Map<String, String> env =
        Map.of(
            "CF_API",
            API,
            "CF_CLIENT_ID",
            "toggler",
            "CF_CLIENT_SECRET",
            CLIENT_SECRET,
            "CF_SKIP_SSL_VALIDATION",
            "true");

    CfCredentials credentials =
        CredentialsResolver.resolve(options(null, null, null, env), noKubernetes());

    assertThat(credentials.api()).isEqualTo(URI.create(API));
    assertThat(credentials.effectiveClientId()).isEqualTo("toggler");
    assertThat(credentials.effectiveClientSecret()).isEqualTo(CLIENT_SECRET);
    assertThat(credentials.skipSslValidation()).isTrue();
  }

  @Test
  void noSourceIsUsageErrorListingTheThreeWays() {
    Map<String, String> env = Map.of("CF_USERNAME", "admin", "CF_PASSWORD", PASSWORD);

    assertThatThrownBy(
            () -> CredentialsResolver.resolve(options(null, null, null, env), noKubernetes()))
        .isInstanceOfSatisfying(
            TogglerException.class,
            e -> assertThat(e.failure()).isEqualTo(TogglerException.Failure.USAGE))
        .hasMessageContainingAll("--credentials-dir", "--secret", "TOGGLER_SECRET", "CF_API");
  }

  // --- validation

  @Test
  void invalidSkipSslValidationIsUsageErrorNamingKeyAndSource() throws IOException {
    Path dir =
        credentialsDir(
            Map.of(
                "api",
                API,
                "username",
                "admin",
                "password",
                PASSWORD,
                "skip_ssl_validation",
                "yes"));

    assertUsageError(
        () -> resolve(options(dir, null, null, Map.of())),
        "credentials dir " + dir,
        "skip_ssl_validation must be true or false");
  }

  @Test
  void invalidSkipSslValidationInEnvironmentNamesTheVariable() {
    Map<String, String> env = new HashMap<>(passwordEnv("admin"));
    env.put("CF_SKIP_SSL_VALIDATION", "1");

    assertUsageError(
        () -> resolve(options(null, null, null, env)),
        "environment",
        "CF_SKIP_SSL_VALIDATION must be true or false");
  }

  @Test
  void usernameWithoutPasswordIsUsageError() throws IOException {
    Path dir =
        credentialsDir(Map.of("api", API, "username", "admin", "client_secret", CLIENT_SECRET));

    assertUsageError(
        () -> resolve(options(dir, null, null, Map.of())),
        "credentials dir " + dir,
        "'username' is set but 'password' is missing");
  }

  @Test
  void apiThatIsNotAUriIsUsageError() {
    Map<String, String> env = new HashMap<>(passwordEnv("admin"));
    env.put("CF_API", "https://api sys.example.com");

    assertUsageError(
        () -> resolve(options(null, null, null, env)), "environment", "CF_API is not a valid URL");
  }

  @Test
  void noErrorMessageContainsThePasswordOrClientSecret() throws IOException {
    Map<String, String> secrets =
        new HashMap<>(Map.of("password", PASSWORD, "client_secret", CLIENT_SECRET));
    List<ThrowingCallable> failures = new ArrayList<>();

    Map<String, String> badSsl = new HashMap<>(secrets);
    badSsl.putAll(Map.of("api", API, "username", "admin", "skip_ssl_validation", "maybe"));
    Path badSslDir = credentialsDir(badSsl);
    failures.add(() -> resolve(options(badSslDir, null, null, Map.of())));

    Map<String, String> noApi = new HashMap<>(secrets);
    noApi.put("username", "admin");
    Path noApiDir = Files.createDirectory(tmp.resolve("no-api"));
    writeFiles(noApiDir, noApi);
    failures.add(() -> resolve(options(noApiDir, null, null, Map.of())));

    Map<String, String> badApi = new HashMap<>(secrets);
    badApi.put("api", "not a url");
    createSecret("leak-ns", "bad-api", badApi);
    failures.add(() -> resolve(options(null, "bad-api", "leak-ns", Map.of())));

    Map<String, String> noClientId = new HashMap<>(secrets);
    noClientId.remove("password");
    noClientId.put("api", API);
    createSecret("leak-ns", "no-client-id", noClientId);
    failures.add(() -> resolve(options(null, "no-client-id", "leak-ns", Map.of())));

    failures.add(
        () ->
            resolve(
                options(
                    null,
                    null,
                    null,
                    Map.of(
                        "CF_API", "ftp://api.example.com",
                        "CF_PASSWORD", PASSWORD,
                        "CF_CLIENT_SECRET", CLIENT_SECRET))));

    for (ThrowingCallable failure : failures) {
      assertThatThrownBy(failure)
          .isInstanceOf(TogglerException.class)
          .message()
          .doesNotContain(PASSWORD.strip(), CLIENT_SECRET);
    }
  }

  @Test
  void toStringHidesPasswordAndClientSecret() throws IOException {
    Path dir =
        credentialsDir(
            Map.of(
                "api", API,
                "username", "admin",
                "password", PASSWORD,
                "client_id", "toggler",
                "client_secret", CLIENT_SECRET));

    assertThat(resolve(options(dir, null, null, Map.of())).toString())
        .doesNotContain(PASSWORD.strip(), CLIENT_SECRET);
  }

  // --- helpers

  /** Resolves with a fresh client of the mock server, which the resolver closes. */
  private static CfCredentials resolve(CredentialOptions options) {
    return CredentialsResolver.resolve(options, server::createClient);
  }

  private static Supplier<KubernetesClient> noKubernetes() {
    return () -> fail("the Kubernetes client must not be created for this source");
  }

  private static CredentialOptions options(
      Path dir, String secret, String namespace, Map<String, String> env) {
    return new CredentialOptions(
        Optional.ofNullable(dir), Optional.ofNullable(secret), Optional.ofNullable(namespace), env);
  }

  private static Map<String, String> passwordKeys(String username) {
    return Map.of("api", API, "username", username, "password", PASSWORD);
  }

  private static Map<String, String> passwordEnv(String username) {
    return Map.of("CF_API", API, "CF_USERNAME", username, "CF_PASSWORD", PASSWORD);
  }

  private Path credentialsDir(Map<String, String> values) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "creds");
    writeFiles(dir, values);
    return dir;
  }

  private static void writeFiles(Path dir, Map<String, String> values) throws IOException {
    for (var entry : values.entrySet()) {
      Files.writeString(dir.resolve(entry.getKey()), entry.getValue());
    }
  }

  private static void createSecret(String namespace, String name, Map<String, String> values) {
    var builder = new SecretBuilder().withNewMetadata().withName(name).endMetadata();
    values.forEach((key, value) -> builder.addToData(key, base64(value)));
    client.secrets().inNamespace(namespace).resource(builder.build()).create();
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertUsageError(ThrowingCallable call, String... messageParts) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            TogglerException.class,
            e -> assertThat(e.failure()).isEqualTo(TogglerException.Failure.USAGE))
        .hasMessageContainingAll(messageParts)
        .message()
        .doesNotContain(PASSWORD.strip(), CLIENT_SECRET);
  }
}
