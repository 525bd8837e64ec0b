package io.cfmr.broker.c2c;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One port of a c2c destination: the Service's {@code port}, the app's {@code targetport}, and the
 * protocol (upper case). Validated as a real API server would.
 */
public record PortSpec(String name, int port, int targetPort, String protocol) {

  static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

  /** IANA_SVC_NAME: at most 15 lower-case letters, digits and single inner '-', one letter. */
  private static final Pattern SVC_NAME = Pattern.compile("[a-z0-9]([a-z0-9]|-(?=[a-z0-9]))*");

  private static final Pattern HAS_LETTER = Pattern.compile(".*[a-z].*");
  private static final int MAX_NAME = 15;
  private static final int MAX_PORT = 65_535;

  public PortSpec {
    if (name == null
        || name.length() > MAX_NAME
        || !SVC_NAME.matcher(name).matches()
        || !HAS_LETTER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name: expected a port name of at most 15 lower-case letters, digits and '-' (not at"
              + " either end, never doubled) with at least one letter, such as 'cat1'");
    }
    checkPort("port", port);
    checkPort("targetport", targetPort);
    protocol = protocol == null ? null : protocol.toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(protocol)) {
      throw new IllegalArgumentException("protocol: expected TCP, UDP or SCTP (any case)");
    }
  }

  private static void checkPort(String field, int value) {
    if (value < 1 || value > MAX_PORT) {
      throw new IllegalArgumentException(field + ": expected a port number from 1 to 65535");
    }
  }
}
