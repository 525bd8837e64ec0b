package io.cfmr.broker.osb;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Objects;

/**
 * A record as stored: its state, the attempt (one request) working on it and until when.
 *
 * @param untilMillis wall-clock end of the attempt's time (deadline plus undo time); after it a
 *     record still {@code CREATING} is abandoned and another request may take it over
 * @param map the ConfigMap, with the resourceVersion for conditional changes
 */
public record Stored<R>(
    R record, Stored.State state, String attempt, long untilMillis, ConfigMap map) {

  public Stored {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(state, "state");
  }

  /** CREATING: objects may be missing. READY: all objects exist. DELETING: objects going. */
  public enum State {
    CREATING,
    READY,
    DELETING
  }

  boolean abandoned() {
    return state == State.CREATING && System.currentTimeMillis() > untilMillis;
  }
}
