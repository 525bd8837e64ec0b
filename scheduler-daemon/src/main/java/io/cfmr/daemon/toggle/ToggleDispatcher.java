package io.cfmr.daemon.toggle;

import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs toggles with at most {@code maxConcurrent} Cloud Controller calls at a time, one per app.
 *
 * <p>Per app the latest wanted state wins: a request waits in line (keeping its place when a newer
 * one replaces it) or, while the app has a call in flight, behind that call; a request whose firing
 * is older than one already accepted is dropped as stale, one for a firing already accepted as a
 * repeat. Submitting never blocks and never waits for the Cloud Controller, so a slow or failing
 * foundation delays other apps only by the pool bound, and a toggle is lost only to a newer wanted
 * state for the same app.
 *
 * <p>Dry-run requests are logged and counted at once and take no slot.
 */
public final class ToggleDispatcher {

  private final AppToggler toggler;
  private final int maxConcurrent;
  private final Duration timeout;
  private final DaemonMetrics metrics;

  private final Object lock = new Object();
  private final LinkedHashMap<AppGuid, ToggleRequest> queued = new LinkedHashMap<>();
  private final Map<AppGuid, ToggleRequest> waiting = new HashMap<>();
  private final Map<AppGuid, ToggleRequest> inFlight = new HashMap<>();
  private final Map<AppGuid, ToggleRequest> latestAccepted = new HashMap<>();
  private boolean closed;
  private BiConsumer<AppGuid, Instant> onHeld = (app, until) -> {};

  /**
   * @param timeout the most one toggle may take, retries included, before its slot is freed; the
   *     toggler's client enforces its own timeout, this is the safety net
   */
  public ToggleDispatcher(
      AppToggler toggler, int maxConcurrent, Duration timeout, DaemonMetrics metrics) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1");
    }
    this.toggler = toggler;
    this.maxConcurrent = maxConcurrent;
    this.timeout = timeout;
    this.metrics = metrics;
  }

  /**
   * Is told of each app found on hold and the hold's end, so that the app can be reconciled then.
   */
  public void onHeld(BiConsumer<AppGuid, Instant> listener) {
    this.onHeld = listener;
  }

  /** Accepts a wanted state; returns at once. */
  public void submit(ToggleRequest request) {
    AppGuid app = request.app();
    List<ToggleRequest> toStart;
    synchronized (lock) {
      if (closed) {
        ToggleLog.dropped(request);
        return;
      }
      if (isStaleOrRepeated(request)) {
        return;
      }
      latestAccepted.put(app, request);
      if (request.dryRun()) {
        queued.remove(app);
        waiting.remove(app);
        toStart = List.of();
      } else {
        ToggleRequest running = inFlight.get(app);
        if (running == null) {
          queued.put(app, request);
        } else if (running.state() == request.state()) {
          waiting.remove(app); // the call in flight already asks for this state
        } else {
          waiting.put(app, request);
        }
        toStart = takeStartable();
      }
    }
    if (request.dryRun()) {
      ToggleLog.dryRun(request);
      metrics.toggled(request.state(), ToggleOutcome.DRY_RUN, Duration.ZERO);
    }
    toStart.forEach(this::run);
  }

  /**
   * Forgets which firing last decided the app's state: after a schedule change, the new schedule's
   * firings are not compared with the old one's.
   */
  public void forget(AppGuid app) {
    synchronized (lock) {
      latestAccepted.remove(app);
    }
  }

  /**
   * True when a later firing of the app's schedule has already decided, or this very firing has (a
   * reconcile and a trigger in the same second, a misfire after a reconcile). When start and stop
   * fired at the same instant, STOPPED wins, as in the reconcile rule.
   */
  private boolean isStaleOrRepeated(ToggleRequest request) {
    ToggleRequest latest = latestAccepted.get(request.app());
    if (latest == null) {
      return false;
    }
    int order = request.firedAt().compareTo(latest.firedAt());
    return order < 0
        || (order == 0
            && (request.state() == latest.state() || latest.state() == AppState.STOPPED));
  }

  /** True when nothing is queued or in flight. */
  public boolean isIdle() {
    synchronized (lock) {
      return queued.isEmpty() && waiting.isEmpty() && inFlight.isEmpty();
    }
  }

  /**
   * Takes no new requests and waits, at most {@code grace}, for the queued and in-flight toggles to
   * finish; what is left is logged as not done.
   *
   * @return true when everything finished in time
   */
  public boolean close(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    List<ToggleRequest> left = new ArrayList<>();
    synchronized (lock) {
      closed = true;
      for (long wait = grace.toNanos();
          !isIdle() && wait > 0;
          wait = deadline - System.nanoTime()) {
        lock.wait(Math.max(1, wait / 1_000_000));
      }
      left.addAll(queued.values());
      left.addAll(waiting.values());
      left.addAll(inFlight.values());
      queued.clear();
      waiting.clear();
    }
    left.forEach(ToggleLog::dropped);
    return left.isEmpty();
  }

  /** Moves requests from the line into free slots; called with the lock held. */
  private List<ToggleRequest> takeStartable() {
    List<ToggleRequest> start = new ArrayList<>();
    Iterator<ToggleRequest> line = queued.values().iterator();
    while (inFlight.size() < maxConcurrent && line.hasNext()) {
      ToggleRequest next = line.next();
      line.remove();
      inFlight.put(next.app(), next);
      start.add(next);
    }
    return start;
  }

  private void run(ToggleRequest request) {
    long started = System.nanoTime();
    // subscribeOn: a client that answers synchronously must not run the next toggle on this stack.
    Mono.defer(() -> toggler.setState(request.app(), request.state()))
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(timeout)
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("the toggler gave no result")))
        .subscribe(
            toggled -> finished(request, toggled, null, started),
            error -> finished(request, null, error, started));
  }

  private void finished(ToggleRequest request, Toggled toggled, Throwable error, long started) {
    Duration duration = Duration.ofNanos(System.nanoTime() - started);
    if (error == null) {
      ToggleLog.done(request, toggled, duration);
      metrics.toggled(request.state(), toggled.outcome(), duration);
    } else {
      ToggleLog.failed(request, error, duration);
      metrics.toggled(request.state(), ToggleOutcome.FAILED, duration);
    }
    List<ToggleRequest> toStart;
    synchronized (lock) {
      inFlight.remove(request.app());
      if (error != null || toggled.outcome() == ToggleOutcome.HELD) {
        // A failed or held toggle may be tried again by the next reconcile of the same firing.
        latestAccepted.remove(request.app(), request);
      }
      ToggleRequest next = waiting.remove(request.app());
      if (next != null) {
        queued.put(next.app(), next);
      }
      toStart = takeStartable();
      if (isIdle()) {
        lock.notifyAll();
      }
    }
    toStart.forEach(this::run);
    if (toggled != null) {
      toggled.heldUntil().ifPresent(until -> onHeld.accept(request.app(), until));
    }
  }
}
