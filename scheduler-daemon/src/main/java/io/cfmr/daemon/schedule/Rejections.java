package io.cfmr.daemon.schedule;

import io.cfmr.daemon.logging.AppMdc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one log line for a schedule that is not used: which app, which field, and why. */
final class Rejections {

  private static final Logger LOG = LoggerFactory.getLogger("io.cfmr.daemon.schedule");

  private Rejections() {}

  /**
   * @param instead what happens instead, e.g. "keeping the app's previous schedule"
   */
  static void log(String source, ParsedSchedule.Rejected rejected, String instead) {
    if (rejected.app().isEmpty()) {
      write(source, rejected, instead); // the GUID itself is what is wrong
      return;
    }
    try (var mdc = AppMdc.put(rejected.app().get())) {
      write(source, rejected, instead);
    }
  }

  private static void write(String source, ParsedSchedule.Rejected rejected, String instead) {
    LOG.atWarn()
        .setMessage("schedule rejected; " + instead)
        .addKeyValue("source", source + ", " + rejected.origin())
        .addKeyValue("field", rejected.reason().field())
        .addKeyValue("reason", rejected.reason().problem())
        .log();
  }
}
