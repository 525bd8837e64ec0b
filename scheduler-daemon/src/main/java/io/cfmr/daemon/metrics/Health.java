package io.cfmr.daemon.metrics;

/**
 * What {@code /healthz} and {@code /readyz} answer. Ready once the schedules are loaded and the
 * triggers are in place (a standby under leader election is ready too: it holds the same triggers
 * and takes over within the lease time); live until shutdown begins.
 */
public final class Health {

  private volatile boolean ready;
  private volatile boolean stopping;

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
    return ready && !stopping;
  }
}
