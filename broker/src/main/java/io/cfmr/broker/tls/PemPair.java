package io.cfmr.broker.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate chain and its private key as read from the two PEM files, checked to belong
 * together.
 *
 * @param fingerprint of both files' bytes, to see whether they changed
 */
record PemPair(List<X509Certificate> chain, PrivateKey key, String fingerprint) {

  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

  PemPair {
    chain = List.copyOf(chain);
  }

  /** The fingerprint the files have now. */
  static String fingerprint(TlsFiles files) throws IOException {
    return fingerprint(Files.readAllBytes(files.certificate()), Files.readAllBytes(files.key()));
  }

  /**
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  static PemPair read(TlsFiles files) {
    byte[] certificate;
    byte[] key;
    try {
      certificate = Files.readAllBytes(files.certificate());
      key = Files.readAllBytes(files.key());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the TLS files: " + e, e);
    }
    List<X509Certificate> chain = certificates(certificate);
    PrivateKey privateKey = privateKey(new String(key, StandardCharsets.US_ASCII));
    if (!belongTogether(chain.get(0), privateKey)) {
      throw new IllegalArgumentException(
          TlsFiles.KEY_VARIABLE
              + " does not hold the key of the first certificate in "
              + TlsFiles.CERT_VARIABLE);
    }
    return new PemPair(chain, privateKey, fingerprint(certificate, key));
  }

  private static String fingerprint(byte[] certificate, byte[] key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(certificate);
      digest.update(key);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  private static List<X509Certificate> certificates(byte[] pem) {
    try {
      List<X509Certificate> chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (chain.isEmpty()) {
        throw new CertificateException("no certificate");
      }
      return chain;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          TlsFiles.CERT_VARIABLE + " must hold a PEM certificate chain: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(String pem) {
    Matcher matcher = PKCS8.matcher(pem);
    if (!matcher.find()) {
      throw new IllegalArgumentException(
          TlsFiles.KEY_VARIABLE
              + " must hold an unencrypted PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----);"
              + " with cert-manager set privateKey.encoding: PKCS8");
    }
    PKCS8EncodedKeySpec spec =
        new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(matcher.group(1)));
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // Not a key of this algorithm: try the next.
      }
    }
    throw new IllegalArgumentException(
        TlsFiles.KEY_VARIABLE + " holds a key that is not RSA, EC or EdDSA");
  }

  /** Signs with the key and verifies with the certificate: the one check all key types share. */
  private static boolean belongTogether(X509Certificate certificate, PrivateKey key) {
    try {
      String algorithm =
          switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
          };
      byte[] probe = "cfmr-broker".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
