package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import io.cfmr.toggler.TogglerException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Runs the look-then-act sequence until it succeeds, fails for good, is superseded, or the timeout
 * is spent. Each try starts from the top (read the state again), so a retried action never acts on
 * a stale read; before each try the caller may say that a newer run has taken over. The timeout
 * bounds everything, backoff waits included; when it strikes, in-flight requests are cancelled.
 */
final class RetryingToggle {

  private final RetryPolicy policy;
  private final FailureClassifier classifier;

  RetryingToggle(RetryPolicy policy, FailureClassifier classifier) {
    this.policy = policy;
    this.classifier = classifier;
  }

  Mono<ToggleResult> run(
      AppGuid app,
      AppState desired,
      Duration timeout,
      BooleanSupplier superseded,
      Supplier<Mono<StateChange.Applied>> once) {
    return Mono.defer(
        () -> {
          Progress progress = new Progress(System.nanoTime());
          return Mono.defer(
                  () -> {
                    if (superseded.getAsBoolean()) {
                      return StateChange.Applied.just(ToggleOutcome.SUPERSEDED);
                    }
                    progress.attempts++;
                    progress.hint.clear();
                    return once.get();
                  })
              // Each try writes its own hint; concurrent toggles never share one.
              .contextWrite(context -> context.put(RetryAfterHint.class, progress.hint))
              .retryWhen(
                  Retry.from(
                      signals ->
                          signals.concatMap(
                              signal -> backoff(signal.failure(), progress, app, desired))))
              .map(
                  applied ->
                      new ToggleResult(
                          desired, applied.outcome(), progress.attempts, applied.heldUntil()))
              .timeout(timeout, Mono.defer(() -> Mono.error(gaveUp(progress, app, desired))))
              .transform(result -> classified(result, app, desired, () -> progress.attempts));
        });
  }

  /**
   * One try, no retry, bounded by {@code timeout}: failures are classified as {@link #run}'s are,
   * so an outage ends as {@link TogglerException.Failure#UNAVAILABLE}, and carry the {@code
   * Retry-After} the try was answered with, for the caller's own retry.
   */
  Mono<ToggleResult> once(
      AppGuid app, AppState desired, Duration timeout, Supplier<Mono<StateChange.Applied>> once) {
    return Mono.defer(
        () -> {
          Progress progress = new Progress(System.nanoTime());
          progress.attempts = 1;
          return once.get()
              .contextWrite(context -> context.put(RetryAfterHint.class, progress.hint))
              .map(applied -> new ToggleResult(desired, applied.outcome(), 1, applied.heldUntil()))
              .timeout(timeout, Mono.defer(() -> Mono.error(gaveUp(progress, app, desired))))
              .transform(result -> classified(result, app, desired, () -> 1))
              .onErrorMap(
                  TogglerException.class,
                  error -> progress.hint.take().map(error::withRetryAfter).orElse(error));
        });
  }

  private Mono<ToggleResult> classified(
      Mono<ToggleResult> result, AppGuid app, AppState desired, IntSupplier attempts) {
    return result
        .onErrorMap(
            error -> !(error instanceof TogglerException),
            error -> classifier.classify(error, app, desired).toException())
        .onErrorMap(TogglerException.class, error -> error.withAttempts(attempts.getAsInt()));
  }

  private Mono<Long> backoff(Throwable failure, Progress progress, AppGuid app, AppState desired) {
    Verdict verdict = classifier.classify(failure, app, desired);
    if (!verdict.retryable()) {
      return Mono.error(verdict.toException());
    }
    progress.last = verdict;
    Duration delay = progress.hint.take().orElseGet(() -> policy.backoff(progress.attempts - 1));
    return Mono.delay(delay).thenReturn(0L);
  }

  private static TogglerException gaveUp(Progress progress, AppGuid app, AppState desired) {
    Duration spent = Duration.ofNanos(System.nanoTime() - progress.startNanos);
    String text =
        String.format(
            Locale.ROOT,
            "gave up trying to %s app %s after %d attempt%s in %.1f s: %s",
            desired.action(),
            app,
            progress.attempts,
            progress.attempts == 1 ? "" : "s",
            spent.toMillis() / 1000.0,
            progress.last == null ? "no answer" : "last error: " + progress.last.message());
    return progress.last == null
        ? new TogglerException(TogglerException.Failure.UNAVAILABLE, text)
        : progress.last.toException(text);
  }

  /** Bookkeeping of one toggle; written from one try at a time, hence no locking. */
  private static final class Progress {
    final long startNanos;
    final RetryAfterHint hint = new RetryAfterHint();
    volatile int attempts;
    volatile Verdict last;

    Progress(long startNanos) {
      this.startNanos = startNanos;
    }
  }
}
