package io.cfmr.daemon.logging;

import io.cfmr.schedule.AppGuid;
import org.slf4j.MDC;

/**
 * Puts the app a log line is about into the MDC (as {@link AppGuid#LOG_KEY}), where every line
 * layout finds it.
 */
public final class AppMdc {

  private AppMdc() {}

  /** Use as {@code try (var mdc = AppMdc.put(app)) { log... }}: the line must be logged inside. */
  public static MDC.MDCCloseable put(AppGuid app) {
    return MDC.putCloseable(AppGuid.LOG_KEY, app.value());
  }
}
