package io.cfmr.broker.osb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code X-Broker-API-Version}: any 2.x from 2.13 on is served; anything else is a 412.
 *
 * @param minor the x of 2.x
 */
record ApiVersion(int minor) {

  static final String HEADER = "x-broker-api-version";
  static final int MIN_MINOR = 13;
  private static final Pattern VERSION = Pattern.compile("2\\.(\\d{1,6})(\\.\\d{1,6})?");

  ApiVersion {
    if (minor < MIN_MINOR) {
      throw new IllegalArgumentException("the broker serves API 2.13 and later, not 2." + minor);
    }
  }

  /**
   * @throws OsbException 412 when the header is missing, not 2.x, or below 2.13
   */
  static ApiVersion parse(String header) {
    Matcher matcher = header == null ? null : VERSION.matcher(header.trim());
    if (matcher == null || !matcher.matches() || Integer.parseInt(matcher.group(1)) < MIN_MINOR) {
      throw new OsbException(
          412,
          "PreconditionFailed",
          "header X-Broker-API-Version must be 2.13 or a later 2.x version, got "
              + (header == null ? "none" : "'" + cut(header) + "'"));
    }
    return new ApiVersion(Integer.parseInt(matcher.group(1)));
  }

  /** True when this version defines what version {@code 2.sinceMinor} introduced. */
  boolean defines(int sinceMinor) {
    return minor >= sinceMinor;
  }

  private static String cut(String text) {
    return text.length() > 20 ? text.substring(0, 20) + "..." : text;
  }
}
