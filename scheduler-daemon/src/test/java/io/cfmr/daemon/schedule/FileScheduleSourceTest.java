package io.cfmr.daemon.schedule;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cfmr.daemon.metrics.Health;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.Schedule;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileScheduleSourceTest {

  static final Duration POLL = Duration.ofMillis(50);

  /** For tests that poll by hand. */
  static final Duration NEVER = Duration.ofHours(1);

  static final String A_DAILY = "- {app-guid: %s, cron: {start: '@daily'}}\n".formatted(APP_A);
  static final String A_HOURLY = "- {app-guid: %s, cron: {start: '@hourly'}}\n".formatted(APP_A);
  static final String B_DAILY = "- {app-guid: %s, cron: {stop: '@daily'}}\n".formatted(APP_B);

  @TempDir Path dir;
  final RecordingSink sink = new RecordingSink();
  final List<String> fatal = new CopyOnWriteArrayList<>();
  final Health health = new Health((reason, cause) -> fatal.add(reason));
  final ScheduleLog log = new ScheduleLog();
  FileScheduleSource source;

  @AfterEach
  void close() {
    log.close();
    if (source != null) {
      source.close();
    }
  }

  Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("schedules.yaml"), text);
  }

  void start(Path file) {
    start(file, POLL, sink);
  }

  void start(Path file, Duration poll, ScheduleSink into) {
    source = new FileScheduleSource(file, poll, health.condition("schedule source"));
    source.start(into);
    health.ready();
  }

  String startOf(AppGuid app) {
    return sink.schedules.get(app).start().orElseThrow().expression();
  }

  /** How a warning about the file's entry number {@code entry} begins. */
  String rejected(String instead, int entry, String field) {
    return "schedule rejected; %s source=schedules file %s, entry %d field=%s "
        .formatted(instead, dir.resolve("schedules.yaml"), entry, field);
  }

  @Test
  void reloadsAddsChangesAndRemovesWhenTheFileChanges() throws IOException {
    start(write(A_DAILY));
    assertThat(sink.schedules).containsOnlyKeys(APP_A);

    write(A_HOURLY + B_DAILY);
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.schedules.size() == 2);
    assertThat(startOf(APP_A)).isEqualTo("@hourly");

    write(B_DAILY);
    await().atMost(Duration.ofSeconds(5)).until(() -> !sink.schedules.containsKey(APP_A));
    assertThat(sink.schedules).containsOnlyKeys(APP_B);
  }

  @Test
  void aBrokenFileKeepsTheLastGoodSchedules() throws IOException, InterruptedException {
    start(write(A_DAILY + B_DAILY));
    int calls = sink.events.size();

    write("- {app-guid: [broken\n");
    Thread.sleep(POLL.multipliedBy(6).toMillis());
    Files.delete(dir.resolve("schedules.yaml"));
    Thread.sleep(POLL.multipliedBy(6).toMillis());

    assertThat(sink.events).hasSize(calls);
    assertThat(sink.schedules).containsOnlyKeys(APP_A, APP_B);

    write(A_HOURLY);
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.schedules.size() == 1);
    assertThat(startOf(APP_A)).isEqualTo("@hourly");
  }

  @Test
  void anInvalidEntryKeepsThatAppsPreviousScheduleAndTheOthersRun() throws IOException {
    start(write(A_DAILY + B_DAILY));

    write(
        "- {app-guid: %s, cron: {start: 'not cron'}}\n- {app-guid: %s, cron: {stop: '@hourly'}}\n"
            .formatted(APP_A, APP_B));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> sink.schedules.get(APP_B).stop().orElseThrow().expression().equals("@hourly"));
    assertThat(startOf(APP_A)).isEqualTo("@daily");
    assertThat(log.warnings())
        .singleElement()
        .asString()
        .startsWith(rejected("keeping the app's previous schedule", 1, "cron.start"))
        .endsWith("app_guid=" + APP_A);
  }

  @Test
  void anInvalidEntryOfAnAppWithoutAScheduleIsRejectedNamingIt() throws IOException {
    start(
        write(
            A_DAILY
                + "- {app-guid: %s, cron: {stop: 'not cron'}}\n".formatted(APP_B)
                + "- {app-guid: not-a-guid, cron: {stop: '@daily'}}\n"));

    assertThat(sink.schedules).containsOnlyKeys(APP_A);
    assertThat(log.warnings())
        .satisfiesExactly(
            b ->
                assertThat(b)
                    .startsWith(rejected("the app has no schedule", 2, "cron.stop"))
                    .endsWith("app_guid=" + APP_B),
            noGuid ->
                assertThat(noGuid)
                    .startsWith(rejected("the app has no schedule", 3, "app-guid"))
                    .doesNotContain("app_guid="));
  }

  @Test
  void anInvalidEntryBesideTheAppsValidOneLeavesTheValidOneInUse() throws IOException {
    start(write(A_DAILY), NEVER, sink);

    write(A_HOURLY + "- {app-guid: %s, cron: {start: 'not cron'}}\n".formatted(APP_A));
    pollTwice();

    assertThat(startOf(APP_A)).isEqualTo("@hourly");
    assertThat(log.warnings())
        .singleElement()
        .asString()
        .startsWith(rejected("the app's valid entry is used", 2, "cron.start"));
  }

  @Test
  void aSecondEntryForTheSameAppIsRejected() throws IOException {
    start(write(A_DAILY + A_HOURLY));

    assertThat(startOf(APP_A)).isEqualTo("@daily");
    assertThat(log.warnings())
        .singleElement()
        .asString()
        .startsWith(rejected("the app's first entry is used", 2, "app-guid"))
        .endsWith("app_guid=" + APP_A);
  }

  @Test
  void aMissingOrBrokenFileAtStartIsAConfigurationError() throws IOException {
    assertThatThrownBy(() -> start(dir.resolve("nope.yaml")))
        .isInstanceOf(ScheduleSourceException.class)
        .hasMessageContaining("nope.yaml: cannot read it (NoSuchFileException");
    assertThatThrownBy(() -> start(write("- a\nb: c\n")))
        .isInstanceOf(ScheduleSourceException.class)
        .hasMessageContaining("schedules.yaml: not valid YAML");
  }

  @Test
  void aBrokenOrUnreadableFileMakesTheDaemonUnreadyUntilAGoodOneIsBack() throws IOException {
    Path file = write(A_DAILY);
    start(file, NEVER, sink);

    write("- {app-guid: [broken\n");
    pollTwice();
    assertThat(health.isReady()).isFalse();
    Files.delete(file);
    pollTwice();
    assertThat(health.isReady()).isFalse();

    write(A_DAILY);
    pollTwice();
    assertThat(health.isReady()).isTrue();
    assertThat(sink.schedules).containsOnlyKeys(APP_A);
  }

  @Test
  void aFileThatCannotBeReadIsWarnedAboutOnceAndMakesTheDaemonUnready() throws IOException {
    Path file = write(A_DAILY);
    start(file, NEVER, sink);

    Files.delete(file);
    source.poll();
    source.poll();
    source.poll();

    assertThat(health.isReady()).isFalse();
    assertThat(log.warnings())
        .singleElement()
        .asString()
        .startsWith(
            "cannot read the schedules file; keeping the last good schedules source=schedules file "
                + file
                + " reason=NoSuchFileException");
    assertThat(sink.schedules).containsOnlyKeys(APP_A);
  }

  @Test
  void aHalfWrittenFileIsNotTakenForAShorterList() throws IOException {
    start(write(A_DAILY + B_DAILY), NEVER, sink);

    write(A_DAILY); // the writer has not got to B yet
    source.poll();
    write(A_HOURLY + B_DAILY);
    pollTwice();

    assertThat(sink.events).noneMatch(event -> event.startsWith("remove"));
    assertThat(sink.schedules).containsOnlyKeys(APP_A, APP_B);
    assertThat(startOf(APP_A)).isEqualTo("@hourly");
  }

  @Test
  void aReloadThatFailsHalfWayIsUndoneAndRetriedWithoutAFileChange() throws IOException {
    FlakySink flaky = new FlakySink(sink);
    start(write(A_DAILY), NEVER, flaky);

    flaky.failOn = APP_B;
    write(A_HOURLY + B_DAILY);
    pollTwice();

    assertThat(sink.schedules).containsOnlyKeys(APP_A);
    assertThat(startOf(APP_A)).as("the half-done reload is undone").isEqualTo("@daily");
    assertThat(health.isReady()).isFalse();

    flaky.failOn = null;
    source.poll();

    assertThat(sink.schedules).containsOnlyKeys(APP_A, APP_B);
    assertThat(startOf(APP_A)).isEqualTo("@hourly");
    assertThat(health.isReady()).isTrue();
    assertThat(fatal).isEmpty();
  }

  @Test
  void aReloadThatCanNeitherBeAppliedNorUndoneIsFatal() throws IOException {
    FlakySink flaky = new FlakySink(sink);
    start(write(A_DAILY), NEVER, flaky);

    flaky.failOn = APP_A; // neither its new schedule nor its old one goes in
    write(A_HOURLY);
    pollTwice();

    assertThat(fatal).singleElement().asString().contains("so did restoring the previous ones");
    assertThat(health.isReady()).isFalse();
  }

  @Test
  void anErrorInThePollerIsFatalNotSilent() throws IOException {
    FlakySink flaky = new FlakySink(sink);
    start(write(A_DAILY), POLL, flaky);

    flaky.error = true;
    flaky.failOn = APP_B;
    write(A_DAILY + B_DAILY);

    await().atMost(Duration.ofSeconds(5)).until(() -> !fatal.isEmpty());
    assertThat(fatal).singleElement().asString().contains("poller broke");
    assertThat(health.isReady()).isFalse();
  }

  /** SnakeYAML's default limit refused YAML over 3 MiB (about 20,000 schedules); JSON had none. */
  @Test
  @Tag("slow") // 25 s under mutation testing, which leaves it out
  void aHundredThousandSchedulesLoadFromYaml() throws IOException {
    int count = 100_000;
    Path file = dir.resolve("schedules.yaml");
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (int i = 0; i < count; i++) {
        String guid = String.format("%08x-0000-4000-8000-%012x", i, i);
        out.write("- {app-guid: " + guid + ", cron: {stop: '0 19 * * *'}}\n");
      }
    }
    assertThat(Files.size(file)).isGreaterThan(3L << 20);

    start(file, NEVER, sink);

    assertThat(sink.schedules).hasSize(count);
  }

  private void pollTwice() {
    source.poll(); // the first read of new content only notes it
    source.poll();
  }

  /** Passes calls on, but throws on a put of one app while told to. */
  static final class FlakySink implements ScheduleSink {
    private final ScheduleSink sink;
    volatile AppGuid failOn;
    volatile boolean error;

    FlakySink(ScheduleSink sink) {
      this.sink = sink;
    }

    @Override
    public void put(Schedule schedule) {
      if (schedule.appGuid().equals(failOn)) {
        if (error) {
          throw new OutOfMemoryError("test");
        }
        throw new IllegalStateException("Quartz said no");
      }
      sink.put(schedule);
    }

    @Override
    public void remove(AppGuid app) {
      sink.remove(app);
    }
  }
}
