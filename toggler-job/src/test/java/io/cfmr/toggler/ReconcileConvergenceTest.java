package io.cfmr.toggler;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.cfmr.toggler.cf.FakeCloudFoundry.APP_PATH;
import static io.cfmr.toggler.cf.FakeCloudFoundry.GUID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.calls;
import static io.cfmr.toggler.cf.FakeCloudFoundry.getApp;
import static io.cfmr.toggler.cf.FakeCloudFoundry.v3Action;
import static io.cfmr.toggler.cf.FakeCloudFoundry.v3Error;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.cfmr.toggler.cf.FakeCloudFoundry;
import io.cfmr.toggler.cf.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A CronJob's {@code reconcile} run through a Cloud Controller outage: it keeps trying for its
 * whole {@code --timeout}, heals the app once the Cloud Controller is back, and stops as soon as a
 * newer firing of the schedule makes another run responsible.
 */
class ReconcileConvergenceTest {

  @RegisterExtension static WireMockExtension cc = FakeCloudFoundry.server();
  @RegisterExtension static WireMockExtension uaa = FakeCloudFoundry.server();

  private static final String TOKEN = "access-token-one";
  private static final RetryPolicy FAST =
      new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(40), 0.2);

  /** 19:00:05 UTC: the office-hours schedule below has just stopped the app. */
  private static final Instant JUST_AFTER_STOP = Instant.parse("2026-11-27T19:00:05Z");

  private static final String[] OFFICE_HOURS = {
    "reconcile", "--app-guid", GUID, "--start", "0 8 * * *", "--stop", "0 19 * * *"
  };

  private final MovableClock clock = new MovableClock(JUST_AFTER_STOP);
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private FakeCloudFoundry cf;

  @BeforeEach
  void setUp() {
    cf = new FakeCloudFoundry(cc, uaa).clientCredentialsLogin("cfmr-scheduler", "s3cret", TOKEN);
    cc.stubFor(getApp().willReturn(v3Error(503, "CF-ServiceUnavailable", 10015, "down")));
    log.start();
    togglerLogger().addAppender(log);
  }

  @AfterEach
  void tearDown() {
    togglerLogger().detachAppender(log);
    cf.assertNothingUnmatched();
  }

  @Test
  void anOutageSpanningTheFiringIsHealedOnceTheCloudControllerReturns() throws Exception {
    CompletableFuture<Integer> run = runAsync(withTimeout(OFFICE_HOURS, "20s"));
    awaitAppReads(3);

    cc.stubFor(getApp().willReturn(cf.v3App("STARTED")));
    cc.stubFor(v3Action("stop").willReturn(cf.v3App("STOPPED")));

    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
    assertThat(calls(cc)).contains("POST " + APP_PATH + "/actions/stop");
    assertThat(runLine())
        .containsEntry("action", "stop")
        .containsEntry("outcome", "changed")
        .hasEntrySatisfying("attempts", attempts -> assertThat((int) attempts).isGreaterThan(3));
  }

  @Test
  void aNewerFiringSupersedesTheRunWhichStopsTryingAndSucceeds() throws Exception {
    CompletableFuture<Integer> run = runAsync(withTimeout(OFFICE_HOURS, "20s"));
    awaitAppReads(2);

    // The next morning's start fires: its Job is responsible for the app now.
    clock.set(Instant.parse("2026-11-28T08:00:01Z"));

    assertThat(run.get(10, TimeUnit.SECONDS)).isZero();
    int readsWhenDone = appReads();
    Thread.sleep(200);
    assertThat(appReads()).as("no try after the run ended").isEqualTo(readsWhenDone);
    assertThat(calls(cc)).noneMatch(call -> call.startsWith("POST"));
    assertThat(runLine()).containsEntry("action", "stop").containsEntry("outcome", "superseded");
  }

  @Test
  void aRunThatIsNotSupersededKeepsTryingForTheWholeTimeoutItWasGiven() throws Exception {
    long started = System.nanoTime();
    int exit = runAsync(withTimeout(OFFICE_HOURS, "2s")).get(10, TimeUnit.SECONDS);

    assertThat(exit).isEqualTo(5);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofSeconds(2));
    assertThat(runLine()).containsEntry("outcome", "failed");
    assertThat(appReads()).isGreaterThan(10);
  }

  private static String[] withTimeout(String[] args, String timeout) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--timeout";
    all[args.length + 1] = timeout;
    return all;
  }

  private CompletableFuture<Integer> runAsync(String... args) {
    Map<String, String> env =
        Map.of(
            "CF_API", cf.ccUrl(), "CF_CLIENT_ID", "cfmr-scheduler", "CF_CLIENT_SECRET", "s3cret");
    Main.Environment environment =
        new Main.Environment(
            env,
            clock,
            () -> {
              throw new AssertionError("credentials come from the environment");
            });
    return CompletableFuture.supplyAsync(() -> Main.run(args, environment, FAST));
  }

  private int appReads() {
    return cc.findAll(getRequestedFor(urlEqualTo(APP_PATH))).size();
  }

  private void awaitAppReads(int reads) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (appReads() < reads) {
      assertThat(System.nanoTime()).as("%d reads of the app", reads).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private Map<String, Object> runLine() {
    assertThat(log.list).as("one log line per run").hasSize(1);
    return log.list.get(0).getKeyValuePairs().stream()
        .collect(Collectors.toMap(p -> p.key, p -> p.value));
  }

  private static Logger togglerLogger() {
    return (Logger) LoggerFactory.getLogger("io.cfmr.toggler");
  }

  /** The wall clock of the run, set by the test to let a firing happen. */
  private static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    MovableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void set(Instant instant) {
      now.set(instant);
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
