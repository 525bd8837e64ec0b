package io.cfmr.daemon.trigger;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.everySecond;
import static io.cfmr.daemon.TestSchedules.schedule;
import static org.awaitility.Awaitility.await;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Quartz's own misfire detection reaches the handler: a firing it skipped is reported. */
class QuartzMisfireReportTest {

  final List<AppGuid> misfired = new CopyOnWriteArrayList<>();
  final FiringHandler handler =
      new FiringHandler() {
        @Override
        public void fired(List<AppGuid> apps, AppState state, Instant scheduledAt) {}

        @Override
        public void misfired(List<AppGuid> apps) {
          misfired.addAll(apps);
        }

        @Override
        public void holdEnded(AppGuid app) {}
      };

  @Test
  void aFiringSkippedWhileStandingByIsReportedAsMisfiredOnStart() throws InterruptedException {
    try (QuartzTriggers triggers = QuartzTriggers.create(handler, 1, Duration.ofMillis(200))) {
      triggers.install(schedule(APP_A, everySecond()));
      Thread.sleep(1500); // firings come and go while not started

      triggers.start();

      await().atMost(Duration.ofSeconds(3)).until(() -> misfired.contains(APP_A));
    }
  }
}
