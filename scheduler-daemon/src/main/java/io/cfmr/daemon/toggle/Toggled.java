package io.cfmr.daemon.toggle;

import io.cfmr.toggler.ToggleOutcome;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the Cloud Controller did: changed the app or found it already so, after some attempts; or
 * the app is on hold until {@code heldUntil}.
 */
public record Toggled(ToggleOutcome outcome, int attempts, Optional<Instant> heldUntil) {

  public Toggled(ToggleOutcome outcome, int attempts) {
    this(outcome, attempts, Optional.empty());
  }

  public Toggled {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(heldUntil, "heldUntil");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
  }
}
