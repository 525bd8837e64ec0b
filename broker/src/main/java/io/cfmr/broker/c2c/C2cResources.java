package io.cfmr.broker.c2c;

import io.cfmr.broker.kube.Labels;
import io.cfmr.broker.kube.Meta;
import io.cfmr.broker.kube.Names;
import io.cfmr.broker.kube.Owner;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The desired Service and NetworkPolicy of a c2c instance, as pure functions. */
public final class C2cResources {

  private C2cResources() {}

  /** Named after the destination app; selects its pods; may be shared by several instances. */
  public static Service service(C2cSpec spec, String namespace) {
    String name = Names.c2cService(spec.destinationAppName());
    return new ServiceBuilder()
        .withMetadata(Meta.of(name, namespace, Labels.managed(Labels.C2C_SERVICE, name), Map.of()))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Map.of(Labels.APP_GUID, spec.destination().value()))
        .withPorts(spec.ports().stream().map(C2cResources::servicePort).toList())
        .endSpec()
        .build();
  }

  /** Lets pods of {@code source-guid} reach the destination's pods on the target ports. */
  public static NetworkPolicy networkPolicy(C2cSpec spec, String instanceId, String namespace) {
    Map<String, String> labels =
        Labels.managed(Labels.C2C_SERVICE, Names.c2cService(spec.destinationAppName()));
    labels.putAll(Owner.instance(instanceId).label());
    return new NetworkPolicyBuilder()
        .withMetadata(
            Meta.of(
                Names.networkPolicy(instanceId, spec.destinationAppName()),
                namespace,
                labels,
                Owner.instance(instanceId).annotations()))
        .withNewSpec()
        .withNewPodSelector()
        .withMatchLabels(Map.of(Labels.APP_GUID, spec.destination().value()))
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .addNewIngress()
        .addNewFrom()
        .withNewPodSelector()
        .withMatchLabels(Map.of(Labels.APP_GUID, spec.source().value()))
        .endPodSelector()
        .endFrom()
        .withPorts(policyPorts(spec.ports()))
        .endIngress()
        .endSpec()
        .build();
  }

  /**
   * Whether an existing Service serves the same backend (destination GUID and ports) as desired, so
   * that another c2c instance may share it.
   */
  public static boolean sameBackend(Service existing, Service desired) {
    return existing.getSpec() != null
        && Objects.equals(existing.getSpec().getSelector(), desired.getSpec().getSelector())
        && new HashSet<>(comparable(existing.getSpec().getPorts()))
            .equals(new HashSet<>(comparable(desired.getSpec().getPorts())));
  }

  /** The ports as {@code name port->target/protocol}, for comparing and for messages. */
  public static List<String> comparable(List<ServicePort> ports) {
    return ports.stream()
        .map(
            p ->
                p.getName()
                    + " "
                    + p.getPort()
                    + "->"
                    + (p.getTargetPort() == null ? p.getPort() : p.getTargetPort().getValue())
                    + "/"
                    + p.getProtocol())
        .sorted()
        .toList();
  }

  private static ServicePort servicePort(PortSpec port) {
    return new ServicePortBuilder()
        .withName(port.name())
        .withPort(port.port())
        .withTargetPort(new IntOrString(port.targetPort()))
        .withProtocol(port.protocol())
        .build();
  }

  private static List<NetworkPolicyPort> policyPorts(List<PortSpec> ports) {
    return ports.stream()
        .map(p -> List.of(p.targetPort(), p.protocol()))
        .distinct()
        .map(
            p ->
                new NetworkPolicyPortBuilder()
                    .withPort(new IntOrString(p.get(0)))
                    .withProtocol((String) p.get(1))
                    .build())
        .toList();
  }
}
