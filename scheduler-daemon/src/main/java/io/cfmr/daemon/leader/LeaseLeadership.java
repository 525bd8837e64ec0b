package io.cfmr.daemon.leader;

import io.cfmr.daemon.metrics.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --leader-election}: fabric8's {@code LeaderElector} on a {@code coordination.k8s.io}
 * Lease. After losing the Lease (it could not be renewed in time) the daemon stands by and runs for
 * it again; on close it releases the Lease so that a standby takes over at once. While its calls on
 * the Lease fail, the replica is not ready: it cannot take over.
 */
public final class LeaseLeadership implements Leadership {

  private static final Logger LOG = LoggerFactory.getLogger("io.cfmr.daemon.leader");

  private final KubernetesClient client;
  private final String namespace;
  private final String leaseName;
  private final String identity;
  private final LeaseTimings timings;
  private final Condition health;
  private final ExecutorService callbacks =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "cfmr-leader");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean closed;
  private volatile CompletableFuture<?> election;

  public LeaseLeadership(
      KubernetesClient client,
      String namespace,
      String leaseName,
      String identity,
      LeaseTimings timings,
      Condition health) {
    this.client = client;
    this.health = health;
    this.namespace = namespace;
    this.leaseName = leaseName;
    this.identity = identity;
    this.timings = timings;
  }

  @Override
  public void start(Runnable onLeading, Runnable onStandby) {
    LOG.atInfo()
        .setMessage("standing by for the Lease")
        .addKeyValue("lease", namespace + "/" + leaseName)
        .addKeyValue("identity", identity)
        .log();
    run(onLeading, onStandby);
  }

  private synchronized void run(Runnable onLeading, Runnable onStandby) {
    if (closed) {
      return;
    }
    // The callbacks run on one thread of ours, in order, never on the elector's renew loop.
    LeaderCallbacks leaderCallbacks =
        new LeaderCallbacks(
            () -> inOrder(() -> lead(onLeading)),
            () -> inOrder(() -> standBy(onStandby)),
            leader -> LOG.atInfo().setMessage("leader is").addKeyValue("leader", leader).log());
    election =
        client
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(leaseName)
                    .withLock(
                        new ReportingLock(new LeaseLock(namespace, leaseName, identity), health))
                    .withLeaseDuration(timings.leaseDuration())
                    .withRenewDeadline(timings.renewDeadline())
                    .withRetryPeriod(timings.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(leaderCallbacks)
                    .build())
            .build()
            .start();
    // A lost Lease ends the elector's run: stand by and run for it again.
    election.whenComplete((ignored, error) -> run(onLeading, onStandby));
  }

  private void inOrder(Runnable callback) {
    try {
      callbacks.execute(callback);
    } catch (RejectedExecutionException e) {
      // closed: the daemon stops firing on its own
    }
  }

  private void lead(Runnable onLeading) {
    LOG.atInfo().setMessage("leading: this daemon fires").addKeyValue("identity", identity).log();
    onLeading.run();
  }

  private void standBy(Runnable onStandby) {
    LOG.atInfo().setMessage("standing by").addKeyValue("identity", identity).log();
    onStandby.run();
  }

  @Override
  public void close() {
    CompletableFuture<?> running;
    synchronized (this) {
      closed = true;
      running = election;
    }
    if (running != null) {
      running.cancel(true); // releases the Lease (releaseOnCancel) and calls onStopLeading
    }
    callbacks.shutdown();
  }
}
