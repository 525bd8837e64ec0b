package io.cfmr.daemon.schedule;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileScheduleSourceTest {

  static final Duration POLL = Duration.ofMillis(50);
  static final String A_DAILY = "- {app-guid: %s, cron: {start: '@daily'}}\n".formatted(APP_A);
  static final String A_HOURLY = "- {app-guid: %s, cron: {start: '@hourly'}}\n".formatted(APP_A);
  static final String B_DAILY = "- {app-guid: %s, cron: {stop: '@daily'}}\n".formatted(APP_B);

  @TempDir Path dir;
  final RecordingSink sink = new RecordingSink();
  FileScheduleSource source;

  @AfterEach
  void close() {
    if (source != null) {
      source.close();
    }
  }

  Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("schedules.yaml"), text);
  }

  void start(Path file) {
    source = new FileScheduleSource(file, POLL);
    source.start(sink);
  }

  String startOf(io.cfmr.schedule.AppGuid app) {
    return sink.schedules.get(app).start().orElseThrow().expression();
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
  }

  @Test
  void aSecondEntryForTheSameAppIsRejected() throws IOException {
    start(write(A_DAILY + A_HOURLY));

    assertThat(startOf(APP_A)).isEqualTo("@daily");
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
}
