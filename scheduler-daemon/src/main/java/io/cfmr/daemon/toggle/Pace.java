package io.cfmr.daemon.toggle;

import java.time.Duration;
import java.util.function.LongSupplier;
import reactor.core.publisher.Mono;

/**
 * The pace of the whole toggle pool: tries start at least {@code 1/N} s apart (a smooth rate, no
 * bursts, so that the 19:00 herd reaches the Cloud Controller as an even stream under its rate
 * limiter), and a {@code Retry-After} from the Cloud Controller pauses every try, not only the one
 * that was told to wait: the rate limit is per user, and all tries share one user.
 *
 * <p>After a pause the pool runs at least as long as it was paused before a {@code Retry-After} can
 * pause it again (a {@code Retry-After} during a pause may still lengthen it). The Cloud
 * Controller's own limiter refuses everything until its window resets, which one pause covers; a
 * limiter that refuses only a share of the calls would otherwise keep the pool paused for good, and
 * nothing would converge. The refused tries themselves still wait out their own {@code Retry-After}
 * (see {@link ToggleDispatcher}).
 */
public final class Pace {

  private final long intervalNanos;
  private final long maxPauseNanos;
  private final LongSupplier nanoTime;
  private long next;
  private long pauseStarted;
  private long pausedUntil;

  /**
   * @param perSecond tries started per second; 0 for no bound (pauses still hold)
   * @param maxPause the longest pause a {@code Retry-After} can cause (a buggy proxy may ask for
   *     hours)
   * @param nanoTime the clock, {@link System#nanoTime()} in production
   */
  public Pace(int perSecond, Duration maxPause, LongSupplier nanoTime) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("perSecond must not be negative");
    }
    this.intervalNanos = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
    this.maxPauseNanos = maxPause.toNanos();
    this.nanoTime = nanoTime;
    long now = nanoTime.getAsLong();
    this.next = now;
    this.pauseStarted = now;
    this.pausedUntil = now;
  }

  /** Completes when it is the caller's turn to start a try. */
  public Mono<Void> turn() {
    return Mono.defer(
        () -> {
          long now = nanoTime.getAsLong();
          long start = reserve(now);
          Mono<Void> wait =
              start <= now ? Mono.empty() : Mono.delay(Duration.ofNanos(start - now)).then();
          // A pause that came while waiting moves this turn behind it.
          return wait.then(
              Mono.defer(() -> isPaused(nanoTime.getAsLong()) ? turn() : Mono.empty()));
        });
  }

  /**
   * No try starts for {@code delay} (at most the maximum pause) from now, unless the pool has run
   * for less time since its last pause than that pause lasted.
   *
   * @return whether the pool is paused until then
   */
  public synchronized boolean pause(Duration delay) {
    long now = nanoTime.getAsLong();
    boolean paused = now < pausedUntil;
    if (!paused && now - pausedUntil < pausedUntil - pauseStarted) {
      return false;
    }
    if (!paused) {
      pauseStarted = now;
    }
    pausedUntil = Math.max(pausedUntil, now + Math.min(delay.toNanos(), maxPauseNanos));
    return true;
  }

  /** Takes the next start time, at or after {@code now}; returns it. */
  synchronized long reserve(long now) {
    long start = Math.max(now, Math.max(next, pausedUntil));
    next = start + intervalNanos;
    return start;
  }

  synchronized boolean isPaused(long now) {
    return now < pausedUntil;
  }
}
