package io.cfmr.daemon;

/** The daemon cannot start as configured (a busy port, no namespace known): exit code 2. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
