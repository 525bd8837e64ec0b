package io.cfmr.daemon.schedule;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.daemon.TestSchedules;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.CronSyntax;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleJson;
import java.util.Collection;
import org.junit.jupiter.api.Test;

class BatchTest {

  final RecordingSink sink =
      new RecordingSink() {
        @Override
        public void putAll(Collection<Schedule> schedules) {
          events.add("putAll " + schedules.size());
          schedules.forEach(super::put);
        }
      };

  static Schedule daily(AppGuid app) {
    return ScheduleJson.read(
        "schedule.json",
        TestSchedules.json(app, "\"start\":\"@daily\""),
        CronSyntax.KUBERNETES_OR_SECONDS);
  }

  @Test
  void putsAreDeliveredAtOnceAndOnceEach() {
    ConfigMapScheduleSource.Batch batch = new ConfigMapScheduleSource.Batch(sink);
    batch.put(daily(APP_A));
    batch.put(daily(APP_B));

    batch.deliver();
    batch.deliver();

    assertThat(sink.events).containsExactly("putAll 2", "put " + APP_A, "put " + APP_B);
  }

  @Test
  void aRemovalComesAfterThePutsBeforeIt() {
    ConfigMapScheduleSource.Batch batch = new ConfigMapScheduleSource.Batch(sink);
    batch.put(daily(APP_A));
    batch.remove(APP_B);
    batch.put(daily(APP_B));
    batch.deliver();

    assertThat(sink.events)
        .containsExactly("putAll 1", "put " + APP_A, "remove " + APP_B, "putAll 1", "put " + APP_B);
  }
}
