package io.cfmr.broker;

import io.cfmr.broker.c2c.C2cOffering;
import io.cfmr.broker.health.BrokerMetrics;
import io.cfmr.broker.health.Readiness;
import io.cfmr.broker.kube.Labels;
import io.cfmr.broker.kube.Names;
import io.cfmr.broker.osb.BindingRecord;
import io.cfmr.broker.osb.HttpFront;
import io.cfmr.broker.osb.InstanceRecord;
import io.cfmr.broker.osb.Offering;
import io.cfmr.broker.osb.RecordStore;
import io.cfmr.broker.osb.Router;
import io.cfmr.broker.osb.ServiceBroker;
import io.cfmr.broker.scheduler.SchedulerOffering;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import reactor.netty.DisposableServer;

/** Wires a running broker from its configuration and a Kubernetes client. */
public final class Broker implements AutoCloseable {

  private final DisposableServer server;

  private Broker(DisposableServer server) {
    this.server = server;
  }

  /** Starts serving on {@code config.port()} (0: any free port). */
  public static Broker start(BrokerConfig config, KubernetesClient client) {
    String ns = config.schedulerNamespace();
    RecordStore<InstanceRecord> instances =
        new RecordStore<>(
            ns,
            "instance",
            InstanceRecord.class,
            Names::instanceRecord,
            InstanceRecord::instanceId,
            r -> Map.of(Labels.SERVICE, serviceName(r.serviceId())));
    RecordStore<BindingRecord> bindings =
        new RecordStore<>(
            ns,
            "binding",
            BindingRecord.class,
            Names::bindingRecord,
            BindingRecord::bindingId,
            r ->
                Map.of(
                    Labels.SERVICE,
                    serviceName(r.serviceId()),
                    Labels.INSTANCE,
                    Names.idLabel(r.instanceId())));
    List<Offering> offerings =
        List.of(
            new SchedulerOffering(client, config.toggler(), config.schedulerMode()),
            new C2cOffering(config.c2cNamespace()));
    BrokerMetrics metrics = new BrokerMetrics();
    Router router =
        new Router(
            new ServiceBroker(client, config.requestDeadline(), offerings, instances, bindings),
            config.username(),
            config.password(),
            new Readiness(client, ns),
            metrics);
    return new Broker(new HttpFront(router).start("0.0.0.0", config.port()));
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.disposeNow();
  }

  /** Awaits the server's end (the JVM's shutdown hook disposes it). */
  public void awaitShutdown() {
    server.onDispose().block();
  }

  private static String serviceName(String serviceId) {
    return serviceId.equals(C2cOffering.DEFINITION.id())
        ? C2cOffering.DEFINITION.name()
        : SchedulerOffering.DEFINITION.name();
  }
}
