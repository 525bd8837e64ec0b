package io.cfmr.daemon.toggle;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static io.cfmr.schedule.AppState.STARTED;
import static io.cfmr.schedule.AppState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.TogglerException;
import io.cfmr.toggler.cf.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's own safety nets, with a Cloud Controller in memory: the slot timeout when a call
 * never answers, and the retry of a call that failed for a reason retrying can fix.
 */
class ToggleDispatcherSafetyNetTest {

  static final Instant T0 = Instant.parse("2024-03-04T18:00:00Z");
  static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), 0);

  final RecordingToggler cc = new RecordingToggler();
  final ToggleDispatcher toggles =
      new ToggleDispatcher(
          cc,
          1,
          Duration.ofMillis(300),
          FAST,
          new Pace(0, Duration.ofSeconds(1), System::nanoTime),
          new Divergence(DaemonMetrics.NONE),
          DaemonMetrics.NONE);

  @AfterEach
  void close() throws InterruptedException {
    toggles.close(Duration.ZERO);
  }

  static ToggleRequest request(AppGuid app, AppState state) {
    return new ToggleRequest(app, state, T0, Cause.TRIGGER, false);
  }

  @Test
  void aCallThatNeverAnswersGivesUpItsOnlySlotAfterTheTimeoutAndIsTriedAgain() {
    cc.slow(APP_A, Duration.ofHours(1));

    toggles.submit(request(APP_A, STOPPED));
    toggles.submit(request(APP_B, STOPPED));

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_B) == STOPPED);
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.statesOf(APP_A).size() >= 2);
    assertThat(cc.state(APP_A)).as("never answered").isNull();
  }

  @Test
  void anOutageIsRetriedUntilTheCallSucceeds() {
    cc.failing(APP_A, new TogglerException(TogglerException.Failure.UNAVAILABLE, "503"));

    toggles.submit(request(APP_A, STARTED));
    await().atMost(Duration.ofSeconds(3)).until(() -> cc.statesOf(APP_A).size() >= 3);
    cc.recovers(APP_A);

    await().atMost(Duration.ofSeconds(3)).until(() -> cc.state(APP_A) == STARTED);
    await().atMost(Duration.ofSeconds(1)).until(toggles::isIdle);
  }

  @Test
  void aFailureRetryingCannotFixIsTriedOnce() throws InterruptedException {
    cc.failing(APP_A, new TogglerException(TogglerException.Failure.APP_ACCESS, "404"));

    toggles.submit(request(APP_A, STARTED));
    await().atMost(Duration.ofSeconds(3)).until(toggles::isIdle);
    Thread.sleep(400); // two backoffs of FAST

    assertThat(cc.statesOf(APP_A)).containsExactly(STARTED);
  }
}
