package io.cfmr.broker.scheduler;

import java.util.Objects;

/**
 * Where and how the toggler runs: {@code SCHEDULER_NAMESPACE}, {@code TOGGLER_IMAGE}, {@code
 * TOGGLER_SECRET}, {@code TOGGLER_SERVICE_ACCOUNT}.
 */
public record TogglerSettings(
    String namespace, String image, String secret, String serviceAccount) {

  public TogglerSettings {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(serviceAccount, "serviceAccount");
  }
}
