package io.cfmr.toggler.cf;

import io.cfmr.toggler.TogglerException;
import java.util.Locale;

/** Which Cloud Controller API changes the app's state ({@code --api-version}). */
public enum ApiVersion {
  /** v3 where the Cloud Controller root advertises {@code cloud_controller_v3}, else v2. */
  AUTO,
  /** {@code POST /v3/apps/GUID/actions/start|stop}. */
  V3,
  /** {@code PUT /v2/apps/GUID} with the new state. */
  V2;

  /**
   * Parses {@code auto}, {@code v3} or {@code v2}, in any case.
   *
   * @throws TogglerException (usage) naming the accepted values
   */
  public static ApiVersion parse(String text) {
    String normalized = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    for (ApiVersion version : values()) {
      if (version.name().equals(normalized)) {
        return version;
      }
    }
    throw TogglerException.usage(
        "--api-version: expected auto, v3 or v2, got "
            + (text == null ? "nothing" : "'" + text + "'"));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
