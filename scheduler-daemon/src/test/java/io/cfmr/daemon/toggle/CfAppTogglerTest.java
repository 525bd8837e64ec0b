package io.cfmr.daemon.toggle;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.APP_B;
import static io.cfmr.daemon.TestSchedules.APP_C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dispatcher with the toggler's real Cloud Controller client, against WireMock. */
class CfAppTogglerTest {

  static final Instant T0 = Instant.parse("2024-03-04T07:00:00Z");

  @RegisterExtension static final WireMockExtension server = FakeCloudController.server();

  FakeCloudController cf;
  CfAppToggler toggler;
  ToggleDispatcher dispatcher;
  final AtomicInteger tokenRequests = new AtomicInteger();

  @BeforeEach
  void fakeCloudController() {
    cf = new FakeCloudController(server);
  }

  @AfterEach
  void close() throws InterruptedException {
    dispatcher.close(Duration.ZERO); // no retries left running after the test
    toggler.close();
  }

  ToggleDispatcher dispatcher(Duration timeout) {
    toggler =
        CfAppToggler.create(
            cf.credentials(),
            timeout,
            CfAppToggler.events(
                new DaemonMetrics() {
                  @Override
                  public void tokenRequested() {
                    tokenRequests.incrementAndGet();
                  }
                },
                new Pace(0, Duration.ZERO, System::nanoTime),
                new Divergence(DaemonMetrics.NONE)));
    dispatcher = new ToggleDispatcher(toggler, 4, timeout.plusSeconds(5), DaemonMetrics.NONE);
    return dispatcher;
  }

  static AppGuid app(int i) {
    return new AppGuid(String.format("00000000-0000-4000-8000-%012d", i));
  }

  @Test
  void manyTogglesShareOneTokenRequest() {
    IntStream.range(0, 24).forEach(i -> cf.app(app(i), 5));
    ToggleDispatcher toggles = dispatcher(Duration.ofSeconds(20));

    IntStream.range(0, 24)
        .forEach(
            i ->
                toggles.submit(
                    new ToggleRequest(app(i), AppState.STARTED, T0, Cause.TRIGGER, false)));

    await().atMost(Duration.ofSeconds(20)).until(toggles::isIdle);
    IntStream.range(0, 24).forEach(i -> assertThat(cf.actions(app(i), "start")).isEqualTo(1));
    assertThat(cf.tokenRequests()).isEqualTo(1);
    assertThat(tokenRequests).as("what the daemon's metric counts").hasValue(1);
  }

  @Test
  void aFailingAndASlowAppDoNotDelayTheOthers() {
    cf.failing(APP_A).app(APP_B, 1200).app(APP_C, 5);
    ToggleDispatcher toggles = dispatcher(Duration.ofSeconds(3));
    Instant submitted = Instant.now();

    for (AppGuid app : new AppGuid[] {APP_A, APP_B, APP_C}) {
      toggles.submit(new ToggleRequest(app, AppState.STARTED, T0, Cause.TRIGGER, false));
    }

    await().atMost(Duration.ofSeconds(3)).until(() -> cf.actions(APP_C, "start") == 1);
    assertThat(Duration.between(submitted, Instant.now())).isLessThan(Duration.ofSeconds(3));
    await().atMost(Duration.ofSeconds(20)).until(() -> cf.actions(APP_B, "start") == 1);
    assertThat(cf.actions(APP_A, "start")).as("still failing, still retried").isZero();
    assertThat(toggles.isIdle()).isFalse();
    assertThat(cf.tokenRequests()).isEqualTo(1);
  }
}
