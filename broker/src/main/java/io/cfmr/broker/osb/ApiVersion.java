package io.cfmr.broker.osb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code X-Broker-API-Version}: any 2.x from 2.13 on is served; anything else is a 412. */
final class ApiVersion {

  static final String HEADER = "x-broker-api-version";
  private static final int MIN_MINOR = 13;
  private static final Pattern VERSION = Pattern.compile("2\\.(\\d{1,6})(\\.\\d{1,6})?");

  private ApiVersion() {}

  static void check(String header) {
    Matcher matcher = header == null ? null : VERSION.matcher(header.trim());
    if (matcher == null || !matcher.matches() || Integer.parseInt(matcher.group(1)) < MIN_MINOR) {
      throw new OsbException(
          412,
          "PreconditionFailed",
          "header X-Broker-API-Version must be 2.13 or a later 2.x version, got "
              + (header == null ? "none" : "'" + cut(header) + "'"));
    }
  }

  private static String cut(String text) {
    return text.length() > 20 ? text.substring(0, 20) + "..." : text;
  }
}
