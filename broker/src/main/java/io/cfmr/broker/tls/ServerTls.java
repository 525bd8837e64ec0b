package io.cfmr.broker.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's TLS: one Netty context whose key manager serves the pair in the files, re-read when
 * their content changes (cert-manager rotates them in the mounted Secret). A new pair that does not
 * load keeps the old one served and is reported once.
 */
public final class ServerTls implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

  private final TlsFiles files;
  private final ReloadingKeyManager keys;
  private final SslContext context;
  private final ScheduledExecutorService poller;

  /** The files' content last tried, loaded or not: each content is tried and reported once. */
  private String lastTried;

  private ServerTls(TlsFiles files, PemPair first) throws SSLException {
    this.files = files;
    this.keys = new ReloadingKeyManager(first);
    this.lastTried = first.fingerprint();
    // The JDK provider asks the key manager at every handshake, so a swapped pair is served at
    // once.
    this.context =
        SslContextBuilder.forServer(new KeyManagerFactoryWrapper(keys))
            .sslProvider(SslProvider.JDK)
            .protocols("TLSv1.3", "TLSv1.2")
            .build();
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "tls-reload");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Loads the pair and checks the files every {@code every} from then on.
   *
   * @throws IllegalArgumentException when the files do not hold a usable pair
   */
  public static ServerTls start(TlsFiles files, Duration every) {
    PemPair first = PemPair.read(files);
    ServerTls tls;
    try {
      tls = new ServerTls(files, first);
    } catch (SSLException e) {
      throw new IllegalArgumentException("the TLS files do not make a TLS context: " + e, e);
    }
    tls.poller.scheduleWithFixedDelay(
        tls::reloadIfChanged, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info("serving HTTPS with {} (serial {})", files.certificate(), serial(first));
    return tls;
  }

  public SslContext context() {
    return context;
  }

  private void reloadIfChanged() {
    String now;
    try {
      now = PemPair.fingerprint(files);
    } catch (IOException e) {
      now = "unreadable: " + e;
    }
    if (now.equals(lastTried)) {
      return;
    }
    lastTried = now;
    try {
      PemPair pair = PemPair.read(files);
      keys.use(pair);
      lastTried = pair.fingerprint();
      LOG.info("TLS pair reloaded: now serving serial {}", serial(pair));
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "TLS files changed but do not hold a usable pair; still serving serial {}: {}",
          serial(keys.current()),
          e.getMessage());
    }
  }

  private static String serial(PemPair pair) {
    return pair.chain().get(0).getSerialNumber().toString(16);
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
