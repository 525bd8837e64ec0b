package io.cfmr.daemon.leader;

import static io.cfmr.daemon.TestSchedules.APP_A;
import static io.cfmr.daemon.TestSchedules.everySecond;
import static io.cfmr.daemon.TestSchedules.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cfmr.daemon.Daemon;
import io.cfmr.daemon.DaemonConfig;
import io.cfmr.daemon.TestDaemons;
import io.cfmr.daemon.toggle.RecordingToggler;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {

  static final String NS = "cfmr";

  KubernetesMockServer server;
  @TempDir Path dir;

  Daemon start(Path schedules, String identity, RecordingToggler cc) {
    DaemonConfig base =
        TestDaemons.fileConfig(schedules, false, Optional.empty(), TestDaemons.CF_ENV);
    DaemonConfig config =
        new DaemonConfig(
            base.schedulesFile(),
            false,
            Optional.of(NS),
            false,
            0,
            4,
            base.convergence(),
            Optional.empty(),
            true,
            base.logFormat(),
            base.credentials(),
            base.tuning().withLease(base.tuning().lease(), identity));
    return Daemon.start(config, TestDaemons.env(Clock.systemUTC(), cc, server::createClient));
  }

  String holder() {
    Lease lease =
        server.createClient().leases().inNamespace(NS).withName("cfmr-scheduler-daemon").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  @Test
  void onlyTheLeaderFiresAndTheStandbyTakesOverAndReconcilesWhenItStops() throws Exception {
    Path schedules =
        Files.writeString(dir.resolve("s.json"), "[" + json(APP_A, everySecond()) + "]");
    RecordingToggler firstCc = new RecordingToggler();
    RecordingToggler secondCc = new RecordingToggler();

    Daemon first = start(schedules, "first", firstCc);
    await().atMost(Duration.ofSeconds(10)).until(() -> "first".equals(holder()));
    try (Daemon second = start(schedules, "second", secondCc)) {
      await().atMost(Duration.ofSeconds(10)).until(() -> firstCc.calls().size() >= 3);
      assertThat(secondCc.calls()).isEmpty();
      assertThat(second.runner().isActive()).isFalse();
      assertThat(second.health().isReady()).isTrue();

      first.close();
      long stopped = System.nanoTime();
      int firstCalls = firstCc.calls().size();

      await().atMost(Duration.ofSeconds(10)).until(() -> !secondCc.calls().isEmpty());
      assertThat(Duration.ofNanos(System.nanoTime() - stopped))
          .isLessThan(TestDaemons.FAST.lease().leaseDuration().plusSeconds(2));
      assertThat(holder()).isEqualTo("second");
      Thread.sleep(1500);
      assertThat(firstCc.calls()).hasSize(firstCalls);
      assertThat(secondCc.calls().size()).isGreaterThanOrEqualTo(2);
    } finally {
      first.close();
    }
  }
}
