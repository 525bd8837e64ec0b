package io.cfmr.daemon.leader;

import io.cfmr.daemon.metrics.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.util.function.Supplier;

/**
 * The Lease lock, telling whether its calls succeed. fabric8's elector logs a failed call and tries
 * again: a replica whose every call fails (no RBAC on Leases: 403) would stand by for ever and look
 * healthy. Each call's result sets the leader-election {@link Condition}.
 */
final class ReportingLock implements Lock {

  private final Lock lock;
  private final Condition health;

  ReportingLock(Lock lock, Condition health) {
    this.lock = lock;
    this.health = health;
  }

  @Override
  public LeaderElectionRecord get(KubernetesClient client) {
    return reported("read", () -> lock.get(client));
  }

  @Override
  public void create(KubernetesClient client, LeaderElectionRecord record) {
    reported(
        "create",
        () -> {
          lock.create(client, record);
          return null;
        });
  }

  @Override
  public void update(KubernetesClient client, LeaderElectionRecord record) {
    reported(
        "update",
        () -> {
          lock.update(client, record);
          return null;
        });
  }

  @Override
  public String identity() {
    return lock.identity();
  }

  @Override
  public String describe() {
    return lock.describe();
  }

  private <T> T reported(String what, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      health.failing("cannot " + what + " the Lease " + lock.describe() + ": " + e.getMessage());
      throw e;
    }
    health.ok();
    return result;
  }
}
