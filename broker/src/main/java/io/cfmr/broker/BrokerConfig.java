package io.cfmr.broker;

import io.cfmr.broker.kube.Names;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.cfmr.broker.scheduler.TogglerSettings;
import io.cfmr.broker.tls.TlsFiles;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's configuration, read once from the environment (docs/contract.md, "broker").
 *
 * @param port 0 picks a free port (tests)
 * @param requestDeadline when a request stops writing, undoes what it wrote and answers a 5xx
 *     ({@code BROKER_REQUEST_DEADLINE}); with the undo time it stays below the Cloud Controller's
 *     60 s
 * @param tls empty: plain HTTP
 */
public record BrokerConfig(
    String username,
    String password,
    int port,
    String schedulerNamespace,
    String c2cNamespace,
    String togglerImage,
    String togglerSecret,
    String togglerServiceAccount,
    SchedulerMode schedulerMode,
    Duration requestDeadline,
    Optional<TlsFiles> tls) {

  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(45);
  static final Duration MAX_DEADLINE = Duration.ofSeconds(50);
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,6})(ms|s)");

  /** The toggler image this broker version was built with, unless TOGGLER_IMAGE says otherwise. */
  static final String DEFAULT_TOGGLER_IMAGE = "cfmr/toggler-job:latest";

  public BrokerConfig {
    require("BROKER_USERNAME", username);
    require("BROKER_PASSWORD", password);
    if (username.contains(":")) {
      throw new IllegalArgumentException("BROKER_USERNAME must not contain ':' (HTTP basic auth)");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("PORT must be a port number, got " + port);
    }
    label("SCHEDULER_NAMESPACE", schedulerNamespace);
    label("C2C_NAMESPACE", c2cNamespace);
    label("TOGGLER_SECRET", togglerSecret);
    label("TOGGLER_SERVICE_ACCOUNT", togglerServiceAccount);
    require("TOGGLER_IMAGE", togglerImage);
    if (requestDeadline.compareTo(Duration.ofSeconds(1)) < 0
        || requestDeadline.compareTo(MAX_DEADLINE) > 0) {
      throw new IllegalArgumentException(
          "BROKER_REQUEST_DEADLINE must be between 1s and 50s (the Cloud Controller gives up at"
              + " 60 s and the broker needs 10 s to undo), got "
              + requestDeadline.toMillis()
              + "ms");
    }
    Objects.requireNonNull(tls);
  }

  /** This configuration serving HTTPS with the pair in {@code files}. */
  public BrokerConfig withTls(TlsFiles files) {
    return new BrokerConfig(
        username,
        password,
        port,
        schedulerNamespace,
        c2cNamespace,
        togglerImage,
        togglerSecret,
        togglerServiceAccount,
        schedulerMode,
        requestDeadline,
        Optional.of(files));
  }

  /**
   * @throws IllegalArgumentException naming the variable and what is expected
   */
  public static BrokerConfig fromEnvironment(Map<String, String> env) {
    return new BrokerConfig(
        env.get("BROKER_USERNAME"),
        env.get("BROKER_PASSWORD"),
        port(get(env, "PORT", "8080")),
        get(env, "SCHEDULER_NAMESPACE", "cfmr"),
        get(env, "C2C_NAMESPACE", "cfmr-eirini"),
        get(env, "TOGGLER_IMAGE", DEFAULT_TOGGLER_IMAGE),
        get(env, "TOGGLER_SECRET", "cfmr-scheduler-credentials"),
        get(env, "TOGGLER_SERVICE_ACCOUNT", "cfmr-toggler"),
        SchedulerMode.parse(get(env, "SCHEDULER_MODE", "cronjob")),
        duration(get(env, "BROKER_REQUEST_DEADLINE", "45s")),
        TlsFiles.fromEnvironment(env));
  }

  public TogglerSettings toggler() {
    return new TogglerSettings(
        schedulerNamespace, togglerImage, togglerSecret, togglerServiceAccount);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "BrokerConfig[username="
        + username
        + ", password=***, port="
        + port
        + ", schedulerNamespace="
        + schedulerNamespace
        + ", c2cNamespace="
        + c2cNamespace
        + ", togglerImage="
        + togglerImage
        + ", togglerSecret="
        + togglerSecret
        + ", togglerServiceAccount="
        + togglerServiceAccount
        + ", schedulerMode="
        + schedulerMode
        + ", requestDeadline="
        + requestDeadline.toMillis()
        + "ms, tls="
        + tls.map(TlsFiles::toString).orElse("none (plain HTTP)")
        + "]";
  }

  private static String get(Map<String, String> env, String name, String fallback) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank()).orElse(fallback);
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("PORT must be a port number, got '" + text + "'", e);
    }
  }

  private static Duration duration(String text) {
    Matcher match = DURATION.matcher(text.trim());
    if (!match.matches()) {
      throw new IllegalArgumentException(
          "BROKER_REQUEST_DEADLINE must be a duration such as 45s or 30000ms, got '" + text + "'");
    }
    long amount = Long.parseLong(match.group(1));
    return match.group(2).equals("s") ? Duration.ofSeconds(amount) : Duration.ofMillis(amount);
  }

  private static void require(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          name + " is required; the broker will not start without it");
    }
  }

  private static void label(String name, String value) {
    if (!Names.isDns1123Label(value)) {
      throw new IllegalArgumentException(
          name
              + " must be a Kubernetes name (lower-case letters, digits, '-'), got '"
              + value
              + "'");
    }
  }
}
