package io.cfmr.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cfmr.broker.kube.MockApi;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.cfmr.broker.tls.SelfSigned;
import io.cfmr.broker.tls.TlsFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** HTTPS with the pair in TLS_CERT_FILE and TLS_KEY_FILE, rotated without a restart. */
class TlsTest {

  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private KubernetesMockServer server;
  private KubernetesClient client;
  private TlsFiles files;
  private Broker broker;

  @BeforeEach
  void start() {
    log.start();
    root().addAppender(log);
    server = MockApi.startCrud();
    client = server.createClient();
    files = new TlsFiles(dir.resolve("tls.crt"), dir.resolve("tls.key"));
  }

  @AfterEach
  void stop() {
    if (broker != null) {
      broker.close();
    }
    client.close();
    server.destroy();
    root().detachAppender(log);
  }

  @Test
  void servesHttpsOnlyWithTheGivenPairAndARotatedPairWithoutRestart() throws Exception {
    SelfSigned first = SelfSigned.forHost("localhost");
    broker = startWith(first.writeTo(files));

    HttpResponse<String> health = get("/healthz", first.certificate());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(servedSerial(health)).isEqualTo(first.serial());
    HttpResponse<String> catalog = get("/v2/catalog", first.certificate());
    assertThat(catalog.statusCode()).isEqualTo(200);
    assertThat(catalog.body()).contains("\"services\"");
    assertThatThrownBy(() -> plainHttp("/healthz")).isInstanceOf(IOException.class);

    SelfSigned.replace(files.key(), "not a key");
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> logged("do not hold a usable pair; still serving serial"));
    assertThat(servedSerial(get("/healthz", first.certificate()))).isEqualTo(first.serial());

    SelfSigned second = SelfSigned.forHost("localhost");
    second.writeTo(files);
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(servedSerial(get("/healthz", second.certificate())))
                    .isEqualTo(second.serial()));
    assertThatThrownBy(() -> get("/healthz", first.certificate()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aCertificateForAnotherHostFailsTheClientsHostNameCheck() {
    SelfSigned elsewhere = SelfSigned.forHost("elsewhere.example");
    broker = startWith(elsewhere.writeTo(files));
    assertThatThrownBy(() -> get("/healthz", elsewhere.certificate()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedAtStart() {
    SelfSigned.forHost("localhost").writeTo(files);
    SelfSigned.replace(
        files.key(),
        SelfSigned.pem(
            "PRIVATE KEY", SelfSigned.forHost("localhost").keys().getPrivate().getEncoded()));
    assertThatThrownBy(() -> startWith(files))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TLS_KEY_FILE does not hold the key of the first certificate in TLS_CERT_FILE");
  }

  @Test
  void withoutTlsFilesTheBrokerServesHttpAndWarnsOnce() throws Exception {
    broker = Broker.start(BrokerHarness.config(SchedulerMode.CRONJOB), client);
    assertThat(plainHttp("/healthz").statusCode()).isEqualTo(200);
    assertThat(log.list)
        .filteredOn(e -> e.getFormattedMessage().startsWith("serving plain HTTP"))
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains("clear text"));
  }

  private Broker startWith(TlsFiles tls) {
    return Broker.start(BrokerHarness.config(SchedulerMode.CRONJOB).withTls(tls), client);
  }

  /** A GET from a client that trusts exactly {@code trusted} and checks the host name. */
  private HttpResponse<String> get(String path, X509Certificate trusted)
      throws IOException, InterruptedException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("broker", trusted);
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, trustManagers.getTrustManagers(), null);
    HttpClient https =
        HttpClient.newBuilder()
            .sslContext(ssl)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    return https.send(request("https", path), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> plainHttp(String path) throws IOException, InterruptedException {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .build()
        .send(request("http", path), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String scheme, String path) {
    return HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + broker.port() + path))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", BrokerHarness.basic(BrokerHarness.USER, BrokerHarness.PASSWORD))
        .header("X-Broker-API-Version", "2.15")
        .build();
  }

  private static BigInteger servedSerial(HttpResponse<String> response) throws Exception {
    return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0])
        .getSerialNumber();
  }

  private boolean logged(String text) {
    return log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(text));
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
