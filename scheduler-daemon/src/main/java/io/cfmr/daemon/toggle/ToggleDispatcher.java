package io.cfmr.daemon.toggle;

import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import io.cfmr.toggler.TogglerException;
import io.cfmr.toggler.cf.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs toggles with at most {@code maxConcurrent} Cloud Controller calls at a time, one per app,
 * started at the {@link Pace} of the pool, and keeps trying each until the app is in its wanted
 * state.
 *
 * <p>Per app the latest wanted state wins: a request waits in line (keeping its place when a newer
 * one replaces it) or, while the app has a call in flight, behind that call, even when it asks for
 * the same state (should the call in flight fail, the newer request is what is left); a request
 * whose firing is older than one already accepted is dropped as stale, one for a firing already
 * accepted as a repeat. Submitting never blocks and never waits for the Cloud Controller.
 *
 * <p>A try that fails for a reason retrying can fix (an outage, a 5xx, a 429, no answer) is tried
 * again after an exponential backoff with jitter (or after the {@code Retry-After} it was answered
 * with), until it succeeds or a newer wanted state for the app replaces it. When a try succeeds
 * after another failed (the Cloud Controller is back), every app waiting out a backoff is tried
 * again at once, except those told to wait: the pace spreads them, and an outage of two minutes
 * does not leave apps waiting out backoffs of minutes after it. A failure retrying cannot fix (the
 * app is gone, forbidden, bad credentials, a bad configuration) ends the toggle; it is counted each
 * time and logged once per app until the app's toggles succeed again. An app found on hold is no
 * failure: the try succeeds as held, and the hold's end is passed to {@link #onHeld}.
 *
 * <p>The toggler makes one try per call, bounded by its own short timeout, rather than retrying
 * inside the call: so every try, first or retried, takes a pool slot and its turn in the pace, and
 * a {@code Retry-After} pauses all of them. Dry-run requests are logged and counted at once and
 * take no slot.
 */
public final class ToggleDispatcher {

  private final AppToggler toggler;
  private final int maxConcurrent;
  private final Duration timeout;
  private final RetryPolicy retry;
  private final Pace pace;
  private final Divergence divergence;
  private final DaemonMetrics metrics;

  private final Object lock = new Object();
  private final LinkedHashMap<AppGuid, ToggleRequest> queued = new LinkedHashMap<>();
  private final Map<AppGuid, ToggleRequest> waiting = new HashMap<>();
  private final Map<AppGuid, ToggleRequest> inFlight = new HashMap<>();
  private final Map<AppGuid, Backoff> backingOff = new HashMap<>();
  private final Map<AppGuid, Integer> failedTries = new HashMap<>();
  private final Set<AppGuid> failedForGood = new HashSet<>();
  private final Map<AppGuid, ToggleRequest> latestAccepted = new HashMap<>();
  private final List<Watch> watches = new ArrayList<>();
  private boolean outage;
  private boolean closed;
  private BiConsumer<AppGuid, Instant> onHeld = (app, until) -> {};

  /** With the production backoff, no rate and no divergence reporting: for tests of the rest. */
  public ToggleDispatcher(
      AppToggler toggler, int maxConcurrent, Duration timeout, DaemonMetrics metrics) {
    this(
        toggler,
        maxConcurrent,
        timeout,
        new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.5),
        new Pace(0, Duration.ofMinutes(5), System::nanoTime),
        new Divergence(DaemonMetrics.NONE),
        metrics);
  }

  /**
   * @param timeout the most one try may take before its slot is freed; the toggler's client
   *     enforces its own timeout, this is the safety net
   * @param retry the backoff between tries of a failed toggle
   * @param divergence told when a try succeeds; the client tells it what its looks saw
   */
  public ToggleDispatcher(
      AppToggler toggler,
      int maxConcurrent,
      Duration timeout,
      RetryPolicy retry,
      Pace pace,
      Divergence divergence,
      DaemonMetrics metrics) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("maxConcurrent must be at least 1");
    }
    this.toggler = toggler;
    this.maxConcurrent = maxConcurrent;
    this.timeout = timeout;
    this.retry = retry;
    this.pace = pace;
    this.divergence = divergence;
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
      failedTries.remove(app);
      cancelBackoff(app);
      if (request.dryRun()) {
        queued.remove(app);
        waiting.remove(app);
      } else if (inFlight.containsKey(app)) {
        waiting.put(app, request);
      } else {
        queued.put(app, request);
      }
      toStart = takeStartable();
    }
    if (request.dryRun()) {
      ToggleLog.dryRun(request);
      metrics.toggled(request.state(), ToggleOutcome.DRY_RUN, Duration.ZERO);
    }
    toStart.forEach(this::run);
  }

  /**
   * Looks at an app again: accepted, and true, only when nothing is under way for the app (no try
   * queued, in flight or waiting out a backoff) and no later firing has decided its state; the
   * request may stand for a firing already accepted.
   */
  public boolean resync(ToggleRequest request) {
    AppGuid app = request.app();
    List<ToggleRequest> toStart;
    synchronized (lock) {
      ToggleRequest latest = latestAccepted.get(app);
      if (closed
          || request.dryRun()
          || hasWork(app)
          || backingOff.containsKey(app)
          || (latest != null && request.firedAt().isBefore(latest.firedAt()))) {
        return false;
      }
      latestAccepted.put(app, request);
      queued.put(app, request);
      toStart = takeStartable();
    }
    toStart.forEach(this::run);
    return true;
  }

  /**
   * Forgets which firing last decided the app's state: after a schedule change, the new schedule's
   * firings are not compared with the old one's.
   */
  public void forget(AppGuid app) {
    synchronized (lock) {
      latestAccepted.remove(app);
      failedForGood.remove(app);
    }
    divergence.converged(app);
  }

  /**
   * Completes once none of {@code apps} has a try queued or in flight: each was looked at since (an
   * app waiting out a backoff counts as looked at), or the dispatcher closed.
   */
  public CompletableFuture<Void> settled(Collection<AppGuid> apps) {
    synchronized (lock) {
      Watch watch = new Watch(new HashSet<>(apps));
      watch.remaining.removeIf(app -> !hasWork(app));
      if (watch.remaining.isEmpty() || closed) {
        return CompletableFuture.completedFuture(null);
      }
      watches.add(watch);
      return watch.done;
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

  /** True when nothing is queued, in flight or waiting out a backoff. */
  public boolean isIdle() {
    synchronized (lock) {
      return isIdleLocked();
    }
  }

  private boolean isIdleLocked() {
    return queued.isEmpty() && waiting.isEmpty() && inFlight.isEmpty() && backingOff.isEmpty();
  }

  private boolean hasWork(AppGuid app) {
    return queued.containsKey(app) || waiting.containsKey(app) || inFlight.containsKey(app);
  }

  /**
   * Takes no new requests, gives up the retries waiting out a backoff, and waits, at most {@code
   * grace}, for the queued and in-flight toggles to finish; what is left is logged as not done.
   *
   * @return true when everything finished in time
   */
  public boolean close(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    List<ToggleRequest> left = new ArrayList<>();
    synchronized (lock) {
      closed = true;
      backingOff.values().forEach(backoff -> backoff.timer.dispose());
      backingOff.values().forEach(backoff -> left.add(backoff.request));
      backingOff.clear();
      watches.forEach(watch -> watch.done.complete(null));
      watches.clear();
      for (long wait = grace.toNanos();
          !isIdleLocked() && wait > 0;
          wait = deadline - System.nanoTime()) {
        lock.wait(Math.max(1, wait / 1_000_000));
      }
      left.addAll(queued.values());
      left.addAll(waiting.values());
      left.addAll(inFlight.values());
      queued.clear();
      waiting.clear();
      // A try still waiting for its turn of the pace never starts (see run).
      inFlight.clear();
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
    // subscribeOn: a client that answers synchronously must not run the next toggle on this stack.
    pace.turn()
        .then(Mono.defer(() -> holdsSlot(request) ? attempt(request) : Mono.<Attempt>empty()))
        .subscribeOn(Schedulers.boundedElastic())
        .subscribe(attempt -> finished(request, attempt));
  }

  /** False once {@link #close} gave up on the request: no call to the Cloud Controller after it. */
  private boolean holdsSlot(ToggleRequest request) {
    synchronized (lock) {
      return inFlight.get(request.app()) == request;
    }
  }

  private Mono<Attempt> attempt(ToggleRequest request) {
    long started = System.nanoTime();
    return Mono.defer(() -> toggler.setState(request.app(), request.state()))
        .timeout(timeout)
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("the toggler gave no result")))
        .map(toggled -> new Attempt(toggled, null, since(started)))
        .onErrorResume(error -> Mono.just(new Attempt(null, error, since(started))));
  }

  private void finished(ToggleRequest request, Attempt attempt) {
    AppGuid app = request.app();
    List<ToggleRequest> toStart;
    Runnable report;
    synchronized (lock) {
      inFlight.remove(app);
      ToggleRequest next = waiting.remove(app);
      report =
          attempt.error == null
              ? succeeded(request, attempt)
              : failed(request, attempt, next != null);
      if (next != null) {
        queued.put(app, next);
      }
      settle(app);
      toStart = takeStartable();
      if (isIdleLocked()) {
        lock.notifyAll();
      }
    }
    report.run();
    toStart.forEach(this::run);
    if (attempt.toggled != null) {
      attempt.toggled.heldUntil().ifPresent(until -> onHeld.accept(app, until));
    }
  }

  /** Called with the lock held; returns what to log and count once the lock is released. */
  private Runnable succeeded(ToggleRequest request, Attempt attempt) {
    AppGuid app = request.app();
    failedTries.remove(app);
    failedForGood.remove(app);
    if (attempt.toggled.outcome() == ToggleOutcome.HELD) {
      // Held is no failure to retry: the hold-end trigger (see onHeld) reconciles the app then, and
      // may do so for this very firing.
      latestAccepted.remove(app, request);
    }
    List<ToggleRequest> woken = List.of();
    if (outage) {
      outage = false;
      woken = wakeBackoffs();
    }
    List<ToggleRequest> retried = woken;
    return () -> {
      divergence.converged(app);
      ToggleLog.done(request, attempt.toggled, attempt.duration);
      metrics.toggled(request.state(), attempt.toggled.outcome(), attempt.duration);
      retried.forEach(r -> metrics.retried(r.state()));
    };
  }

  /** Called with the lock held; returns what to log and count once the lock is released. */
  private Runnable failed(ToggleRequest request, Attempt attempt, boolean superseded) {
    AppGuid app = request.app();
    Runnable count = () -> metrics.toggled(request.state(), ToggleOutcome.FAILED, attempt.duration);
    if (!retryable(attempt.error)) {
      failedTries.remove(app);
      // A reconcile of the same firing may try again (a role granted, an app recreated).
      latestAccepted.remove(app, request);
      boolean first = failedForGood.add(app);
      return () -> {
        count.run();
        ToggleLog.failedForGood(request, attempt.error, attempt.duration, first);
      };
    }
    outage = true;
    if (closed || superseded) {
      // Not a failure of the newer request that replaced this one: its count starts afresh.
      return () -> {
        count.run();
        ToggleLog.failed(request, attempt.error, attempt.duration);
      };
    }
    int tries = failedTries.merge(app, 1, Integer::sum);
    Optional<Duration> askedToWait = retryAfter(attempt.error);
    Duration delay = backoff(tries, askedToWait);
    Disposable timer = Mono.delay(delay).subscribe(tick -> retryNow(request));
    backingOff.put(app, new Backoff(request, timer, askedToWait.isPresent()));
    return () -> {
      count.run();
      ToggleLog.retrying(request, attempt.error, attempt.duration, tries, delay);
    };
  }

  /** A backoff ended: the request goes back in line, unless a newer one replaced it. */
  private void retryNow(ToggleRequest request) {
    List<ToggleRequest> toStart;
    synchronized (lock) {
      Backoff backoff = backingOff.get(request.app());
      if (backoff == null || backoff.request != request) {
        return;
      }
      backingOff.remove(request.app());
      queued.put(request.app(), request);
      toStart = takeStartable();
    }
    metrics.retried(request.state());
    toStart.forEach(this::run);
  }

  /**
   * Puts every request waiting out a backoff back in line, except those told to wait by a {@code
   * Retry-After}; called with the lock held.
   */
  private List<ToggleRequest> wakeBackoffs() {
    List<ToggleRequest> woken = new ArrayList<>();
    for (Iterator<Backoff> all = backingOff.values().iterator(); all.hasNext(); ) {
      Backoff backoff = all.next();
      if (!backoff.toldToWait) {
        backoff.timer.dispose();
        queued.put(backoff.request.app(), backoff.request);
        woken.add(backoff.request);
        all.remove();
      }
    }
    return woken;
  }

  private void cancelBackoff(AppGuid app) {
    Backoff backoff = backingOff.remove(app);
    if (backoff != null) {
      backoff.timer.dispose();
    }
  }

  /** Tells the watches that {@code app}'s try ended; called with the lock held. */
  private void settle(AppGuid app) {
    if (hasWork(app)) {
      return;
    }
    for (Iterator<Watch> all = watches.iterator(); all.hasNext(); ) {
      Watch watch = all.next();
      if (watch.remaining.remove(app) && watch.remaining.isEmpty()) {
        watch.done.complete(null);
        all.remove();
      }
    }
  }

  /**
   * Outages are retried; what retrying cannot fix (the app is gone or forbidden, the credentials or
   * configuration are wrong) is not. An error that is no {@link TogglerException} (a timeout of the
   * safety net, a bug) is retried: the backoff keeps that cheap.
   */
  private static boolean retryable(Throwable error) {
    return !(error instanceof TogglerException toggler)
        || toggler.failure() == TogglerException.Failure.UNAVAILABLE;
  }

  /**
   * The wait before the next try: what the Cloud Controller asked for (capped), else the
   * exponential backoff. A {@code Retry-After} comes from a Cloud Controller that answers, so the
   * backoff grown during an outage before it does not apply.
   */
  private Duration backoff(int tries, Optional<Duration> askedToWait) {
    return askedToWait
        .map(asked -> asked.compareTo(retry.maxBackoff()) < 0 ? asked : retry.maxBackoff())
        .orElseGet(() -> retry.backoff(tries - 1L));
  }

  private static Optional<Duration> retryAfter(Throwable error) {
    return error instanceof TogglerException toggler ? toggler.retryAfter() : Optional.empty();
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** One try's end: a result, or the error it failed with. */
  private record Attempt(Toggled toggled, Throwable error, Duration duration) {}

  /**
   * A failed request waiting out its backoff; {@code toldToWait} when the Cloud Controller asked
   * for the wait ({@code Retry-After}): such a wait is not cut short when other tries succeed.
   */
  private record Backoff(ToggleRequest request, Disposable timer, boolean toldToWait) {}

  /** The apps a resync pass waits for. */
  private record Watch(Set<AppGuid> remaining, CompletableFuture<Void> done) {
    Watch(Set<AppGuid> remaining) {
      this(remaining, new CompletableFuture<>());
    }
  }
}
