package io.cfmr.daemon.trigger;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static io.cfmr.daemon.TestSchedules.APP_C;
import static io.cfmr.daemon.TestSchedules.schedule;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.daemon.trigger.TriggerPlan.Timing;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.quartz.Trigger.TriggerState;
import org.quartz.TriggerKey;

/** Apps share a trigger per timing; installing and removing one touches only its timings. */
class QuartzTriggersTest {

  static final String OFFICE_HOURS = "\"start\":\"0 7 * * MON-FRI\",\"stop\":\"0 19 * * MON-FRI\"";
  static final String BERLIN = ",\"timezone\":\"Europe/Berlin\"";

  final QuartzTriggers triggers =
      QuartzTriggers.create(
          new FiringHandler() {
            @Override
            public void fired(List<AppGuid> apps, AppState state, Instant scheduledAt) {}

            @Override
            public void misfired(List<AppGuid> apps) {}

            @Override
            public void holdEnded(AppGuid app) {}
          },
          2,
          Duration.ofSeconds(5));

  @AfterEach
  void close() {
    triggers.close();
  }

  @Test
  void appsOnTheSameExpressionAndZoneShareOneTriggerPerState() {
    triggers.install(schedule(APP_A, OFFICE_HOURS));
    triggers.install(schedule(APP_B, OFFICE_HOURS));

    assertThat(triggers.triggerCount()).isEqualTo(2);
    assertThat(appsOf(schedule(APP_A, OFFICE_HOURS))).containsOnly(List.of(APP_A, APP_B));
  }

  @Test
  void twoZonesForOneExpressionAreTwoTriggers() {
    triggers.install(schedule(APP_A, OFFICE_HOURS));
    triggers.install(schedule(APP_B, OFFICE_HOURS + BERLIN));

    assertThat(triggers.triggerCount()).isEqualTo(4);
    assertThat(appsOf(schedule(APP_B, OFFICE_HOURS + BERLIN))).containsOnly(List.of(APP_B));
  }

  @Test
  void anAppMovingToAnotherZoneLeavesItsOldTriggersToTheOthers() {
    triggers.install(schedule(APP_A, OFFICE_HOURS));
    triggers.install(schedule(APP_B, OFFICE_HOURS));
    triggers.install(schedule(APP_C, OFFICE_HOURS + BERLIN));

    triggers.install(schedule(APP_A, OFFICE_HOURS + BERLIN));

    assertThat(triggers.triggerCount()).isEqualTo(4);
    assertThat(appsOf(schedule(APP_B, OFFICE_HOURS))).containsOnly(List.of(APP_B));
    assertThat(appsOf(schedule(APP_A, OFFICE_HOURS + BERLIN)))
        .allSatisfy(apps -> assertThat(apps).containsExactlyInAnyOrder(APP_A, APP_C));
  }

  @Test
  void aChangeOfOneExpressionMovesOnlyThatTiming() {
    triggers.install(schedule(APP_A, OFFICE_HOURS));
    triggers.install(schedule(APP_B, OFFICE_HOURS));

    triggers.install(
        schedule(APP_A, "\"start\":\"0 7 * * MON-FRI\",\"stop\":\"0 20 * * MON-FRI\""));

    List<List<AppGuid>> apps =
        appsOf(schedule(APP_A, "\"start\":\"0 7 * * MON-FRI\",\"stop\":\"0 19 * * MON-FRI\""));
    assertThat(apps.get(0)).as("start, shared still").containsExactlyInAnyOrder(APP_A, APP_B);
    assertThat(apps.get(1)).as("the old stop").containsExactly(APP_B);
    assertThat(triggers.triggerCount()).isEqualTo(3);
  }

  @Test
  void aBatchSharesTriggersAndSetsEachAtItsFirstFiring() {
    triggers.install(schedule(APP_A, OFFICE_HOURS));
    Instant before = Instant.now();

    triggers.installAll(
        List.of(
            schedule(APP_B, OFFICE_HOURS),
            schedule(APP_C, "\"start\":\"0 8 * * *\",\"stop\":\"30 18 * * *\"" + BERLIN)));

    assertThat(triggers.triggerCount()).isEqualTo(4);
    assertThat(appsOf(schedule(APP_B, OFFICE_HOURS)))
        .allSatisfy(apps -> assertThat(apps).containsExactlyInAnyOrder(APP_A, APP_B));
    Schedule berlin = schedule(APP_C, "\"start\":\"0 8 * * *\",\"stop\":\"30 18 * * *\"" + BERLIN);
    for (Timing timing : TriggerPlan.timings(berlin)) {
      assertThat(triggers.nextFireTime(timing.key()))
          .contains(
              timing.cron().nextFireAfter(before.atZone(timing.zone())).orElseThrow().toInstant());
    }
  }

  @Test
  void aTimingJoinedAndLeftAgainInOneBatchGetsNoTrigger() {
    triggers.installAll(
        List.of(schedule(APP_A, OFFICE_HOURS + BERLIN), schedule(APP_A, OFFICE_HOURS)));

    assertThat(triggers.triggerCount()).isEqualTo(2);
    assertThat(appsOf(schedule(APP_A, OFFICE_HOURS)))
        .allSatisfy(apps -> assertThat(apps).containsExactly(APP_A));
    assertThat(TriggerPlan.timings(schedule(APP_A, OFFICE_HOURS + BERLIN)))
        .as("no Quartz trigger left for the timings left")
        .allSatisfy(timing -> assertThat(triggers.nextFireTime(timing.key())).isEmpty());
  }

  @Test
  void aTimingEmptiedRemovesItsTrigger() {
    triggers.install(schedule(APP_A, OFFICE_HOURS));
    triggers.install(schedule(APP_B, OFFICE_HOURS + BERLIN));

    triggers.remove(APP_B);

    assertThat(triggers.triggerCount()).isEqualTo(2);
    assertThat(triggers.states(APP_B)).isEmpty();
    assertThat(TriggerPlan.timings(schedule(APP_B, OFFICE_HOURS + BERLIN)))
        .as("unscheduled from Quartz")
        .allSatisfy(timing -> assertThat(triggers.nextFireTime(timing.key())).isEmpty());
    triggers.remove(APP_A);
    assertThat(triggers.triggerCount()).isZero();
  }

  @Test
  void suspendedAppsShareAPausedTriggerApartFromTheFiringOne() {
    triggers.install(schedule(APP_A, OFFICE_HOURS));
    triggers.install(schedule(APP_B, OFFICE_HOURS + ",\"suspend\":true"));

    assertThat(triggers.triggerCount()).isEqualTo(4);
    assertThat(triggers.states(APP_A)).containsOnly(TriggerState.NORMAL);
    assertThat(triggers.states(APP_B)).hasSize(2).containsOnly(TriggerState.PAUSED);

    triggers.install(schedule(APP_B, OFFICE_HOURS));
    assertThat(triggers.triggerCount()).isEqualTo(2);
    assertThat(triggers.states(APP_B)).hasSize(2).containsOnly(TriggerState.NORMAL);
  }

  static final String CHAOS = "\"chaos\":{\"uptime-percent\":50,\"period\":\"1h\",\"seed\":7}";

  @Test
  void aChaosAppHasItsOwnTriggerAtItsNextFlipAndNoSharedOne() {
    Instant before = Instant.now();
    Schedule chaos = schedule(APP_A, CHAOS);

    triggers.install(chaos);

    assertThat(triggers.triggerCount()).isZero();
    Instant next = triggers.nextFireTime(chaosKey(APP_A)).orElseThrow();
    assertThat(next).isAfter(before);
    assertThat(chaos.chaos().orElseThrow().lastFlipAtOrBefore(next).at().toInstant())
        .isEqualTo(next);
  }

  @Test
  void aChaosAppSuspendedOrGivenCronOrRemovedHasNoFlipArmed() {
    triggers.install(schedule(APP_A, CHAOS));
    triggers.install(schedule(APP_A, CHAOS + ",\"suspend\":true"));
    assertThat(triggers.nextFireTime(chaosKey(APP_A))).as("suspended").isEmpty();
    triggers.nextChaosFlip(schedule(APP_A, CHAOS), Instant.now());
    assertThat(triggers.nextFireTime(chaosKey(APP_A))).as("re-armed while suspended").isEmpty();

    triggers.install(schedule(APP_A, CHAOS));
    triggers.install(schedule(APP_A, OFFICE_HOURS));
    assertThat(triggers.nextFireTime(chaosKey(APP_A))).as("cron").isEmpty();

    triggers.install(schedule(APP_A, CHAOS));
    triggers.remove(APP_A);
    assertThat(triggers.nextFireTime(chaosKey(APP_A))).as("removed").isEmpty();
  }

  @Test
  void aHoldEndIsArmedOnlyForAnInstalledAppAndGoesWithIt() {
    Instant until = Instant.now().plusSeconds(3600);
    TriggerKey holdEnd = TriggerPlan.oneShotKey(APP_A, TriggerPlan.HOLD_END);

    triggers.holdEndsAt(APP_A, until);
    assertThat(triggers.nextFireTime(holdEnd)).as("not installed").isEmpty();

    triggers.install(schedule(APP_A, OFFICE_HOURS));
    triggers.holdEndsAt(APP_A, until);
    assertThat(triggers.nextFireTime(holdEnd)).contains(until.truncatedTo(ChronoUnit.MILLIS));

    triggers.remove(APP_A);
    assertThat(triggers.nextFireTime(holdEnd)).as("removed").isEmpty();
  }

  private static TriggerKey chaosKey(AppGuid app) {
    return TriggerPlan.oneShotKey(app, TriggerPlan.CHAOS);
  }

  private List<List<AppGuid>> appsOf(Schedule schedule) {
    return TriggerPlan.timings(schedule).stream()
        .map((Timing timing) -> triggers.apps(timing))
        .toList();
  }
}
