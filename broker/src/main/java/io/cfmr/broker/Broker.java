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
import io.cfmr.broker.tls.ServerTls;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.DisposableServer;

/** Wires a running broker from its configuration and a Kubernetes client. */
public final class Broker implements AutoCloseable {

  /** How often the TLS files are checked for a rotated pair. */
  static final Duration TLS_RELOAD_EVERY = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(Broker.class);

  private final DisposableServer server;
  private final Optional<ServerTls> tls;

  private Broker(DisposableServer server, Optional<ServerTls> tls) {
    this.server = server;
    this.tls = tls;
  }

  /**
   * Starts serving on {@code config.port()} (0: any free port), over HTTPS when the configuration
   * has TLS files.
   *
   * @throws IllegalArgumentException when the TLS files do not hold a usable pair
   */
  public static Broker start(BrokerConfig config, KubernetesClient client) {
    Optional<ServerTls> tls = config.tls().map(files -> ServerTls.start(files, TLS_RELOAD_EVERY));
    if (tls.isEmpty()) {
      LOG.warn(
          "serving plain HTTP: the Cloud Controller's basic-auth credentials travel in clear text;"
              + " set TLS_CERT_FILE and TLS_KEY_FILE for HTTPS");
    }
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
    return new Broker(
        new HttpFront(router).start("0.0.0.0", config.port(), tls.map(ServerTls::context)), tls);
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.disposeNow();
    tls.ifPresent(ServerTls::close);
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
