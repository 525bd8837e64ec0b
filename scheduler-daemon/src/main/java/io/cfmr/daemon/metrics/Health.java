package io.cfmr.daemon.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /healthz} and {@code /readyz} answer. Ready once the schedules are loaded and the
 * triggers are in place, and while each {@link Condition} (the schedule source, leader election) is
 * ok: a standby under leader election is ready too, as it holds the same triggers and takes over
 * within the lease time, but one that cannot take part in the election is not. Live until shutdown
 * begins.
 */
public final class Health {

  private static final Logger LOG = LoggerFactory.getLogger("io.cfmr.daemon");

  private final BiConsumer<String, Throwable> onFatal;
  private final Map<String, String> failing = new ConcurrentHashMap<>();
  private volatile boolean ready;
  private volatile boolean stopping;

  /**
   * @param onFatal stops the daemon with a non-zero exit, given the reason and cause
   */
  public Health(BiConsumer<String, Throwable> onFatal) {
    this.onFatal = onFatal;
  }

  public void ready() {
    ready = true;
  }

  public void stopping() {
    stopping = true;
  }

  public boolean isLive() {
    return !stopping;
  }

  public boolean isReady() {
    return ready && !stopping && failing.isEmpty();
  }

  /** The condition of one part, named in the log lines about it (e.g. "schedule source"). */
  public Condition condition(String part) {
    return new Condition() {
      @Override
      public void ok() {
        if (failing.remove(part) != null) {
          LOG.atInfo().setMessage("working again; ready").addKeyValue("part", part).log();
        }
      }

      @Override
      public void failing(String reason) {
        // One line per change of reason, not one per retry.
        if (!reason.equals(failing.put(part, reason))) {
          LOG.atWarn()
              .setMessage("failing; not ready")
              .addKeyValue("part", part)
              .addKeyValue("reason", reason)
              .log();
        }
      }

      @Override
      public void fatal(String reason, Throwable cause) {
        failing.put(part, reason);
        onFatal.accept(part + ": " + reason, cause);
      }
    };
  }
}
