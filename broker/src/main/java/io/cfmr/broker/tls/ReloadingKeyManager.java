package io.cfmr.broker.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Serves the current pair to each new handshake; {@link #use} swaps it. Each pair has its own
 * alias, and the previous pair stays known, so a handshake that chose its alias just before a swap
 * still gets the key and chain of one pair.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {

  private record Generation(String alias, PemPair pair) {}

  private record Known(Generation current, Generation previous) {}

  private volatile Known known;
  private int generations;

  ReloadingKeyManager(PemPair first) {
    known = new Known(new Generation(alias(), first), null);
  }

  /** Serves {@code pair} from the next handshake on. */
  synchronized void use(PemPair pair) {
    known = new Known(new Generation(alias(), pair), known.current());
  }

  PemPair current() {
    return known.current().pair();
  }

  private String alias() {
    return "broker-" + generations++;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return chooseServerAlias(keyType, issuers, null);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    Generation current = known.current();
    // keyType is the key algorithm, or for some TLS 1.2 suites "EC_RSA"-like (key_signature).
    String algorithm = current.pair().key().getAlgorithm();
    boolean fits = keyType.equals(algorithm) || keyType.startsWith(algorithm + "_");
    return fits ? current.alias() : null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = chooseServerAlias(keyType, issuers, null);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    PemPair pair = pair(alias);
    return pair == null ? null : pair.chain().toArray(X509Certificate[]::new);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    PemPair pair = pair(alias);
    return pair == null ? null : pair.key();
  }

  /** The broker authenticates no client: it has no client aliases. */
  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  private PemPair pair(String alias) {
    Known now = known;
    for (Generation generation : new Generation[] {now.current(), now.previous()}) {
      if (generation != null && generation.alias().equals(alias)) {
        return generation.pair();
      }
    }
    return null;
  }
}
