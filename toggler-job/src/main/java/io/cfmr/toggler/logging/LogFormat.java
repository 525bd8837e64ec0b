package io.cfmr.toggler.logging;

import java.util.Locale;

/** How log lines are written: {@code key=value} text for people, one JSON object for collectors. */
public enum LogFormat {
  TEXT,
  JSON;

  /** Parses {@code text} or {@code json}, in any case. */
  public static LogFormat parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected text or json, got '" + value + "'", e);
    }
  }
}
