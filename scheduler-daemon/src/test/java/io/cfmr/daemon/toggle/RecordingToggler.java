package io.cfmr.daemon.toggle;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/** A Cloud Controller in memory: records calls, answers after a per-app delay or fails. */
public final class RecordingToggler implements AppToggler {

  /** One call, with the time it started. */
  public record Call(AppGuid app, AppState state, Instant at) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<AppGuid, Duration> delays = new ConcurrentHashMap<>();
  private final Map<AppGuid, RuntimeException> failures = new ConcurrentHashMap<>();
  private final Map<AppGuid, AppState> states = new ConcurrentHashMap<>();
  private final Map<AppGuid, Instant> holds = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();

  public RecordingToggler slow(AppGuid app, Duration delay) {
    delays.put(app, delay);
    return this;
  }

  public RecordingToggler failing(AppGuid app, RuntimeException error) {
    failures.put(app, error);
    return this;
  }

  /** Labels the app {@code cfmr.io/hold-until}: until then it is answered as held. */
  public RecordingToggler heldUntil(AppGuid app, Instant until) {
    holds.put(app, until);
    return this;
  }

  /** The app answers again. */
  public RecordingToggler recovers(AppGuid app) {
    failures.remove(app);
    return this;
  }

  @Override
  public Mono<Toggled> setState(AppGuid app, AppState state) {
    Instant held = holds.get(app);
    if (held != null && held.isAfter(Instant.now())) {
      return Mono.just(new Toggled(ToggleOutcome.HELD, 1, Optional.of(held)));
    }
    return Mono.defer(
        () -> {
          calls.add(new Call(app, state, Instant.now()));
          maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          Mono<Toggled> answer =
              failures.containsKey(app)
                  ? Mono.error(failures.get(app))
                  : Mono.fromSupplier(
                      () ->
                          new Toggled(
                              states.put(app, state) == state
                                  ? ToggleOutcome.ALREADY_IN_STATE
                                  : ToggleOutcome.CHANGED,
                              1));
          // Counted down before the answer goes out: the dispatcher starts the next call on it.
          return Mono.delay(delays.getOrDefault(app, Duration.ZERO))
              .then(Mono.fromRunnable(running::decrementAndGet))
              .then(answer);
        });
  }

  /** Someone changed the app outside the daemon (the cf CLI). */
  public void byHand(AppGuid app, AppState state) {
    states.put(app, state);
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public List<AppState> statesOf(AppGuid app) {
    return calls.stream().filter(call -> call.app().equals(app)).map(Call::state).toList();
  }

  /** The state the app is in now (after the calls that finished). */
  public AppState state(AppGuid app) {
    return states.get(app);
  }

  public int maxConcurrent() {
    return maxRunning.get();
  }
}
