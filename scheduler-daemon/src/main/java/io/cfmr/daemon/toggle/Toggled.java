package io.cfmr.daemon.toggle;

import io.cfmr.toggler.ToggleOutcome;
import java.util.Objects;

/** What the Cloud Controller did: changed the app or found it already so, after some attempts. */
public record Toggled(ToggleOutcome outcome, int attempts) {

  public Toggled {
    Objects.requireNonNull(outcome, "outcome");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative");
    }
  }
}
