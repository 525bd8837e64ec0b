package io.cfmr.broker.c2c;

import io.cfmr.broker.kube.Api;
import io.cfmr.broker.kube.Labels;
import io.cfmr.broker.kube.Names;
import io.cfmr.broker.kube.SharedObjects;
import io.cfmr.broker.osb.InstanceRecord;
import io.cfmr.broker.osb.Offering;
import io.cfmr.broker.osb.OsbException;
import io.cfmr.broker.osb.ParameterSchema;
import io.cfmr.broker.osb.ServiceDefinition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Optional;

/**
 * network-policy/c2c: a Service named after the destination app (shared by every instance with the
 * same destination and ports: {@link SharedObjects}) and one NetworkPolicy per instance, in {@code
 * C2C_NAMESPACE}.
 */
public final class C2cOffering implements Offering {

  public static final ServiceDefinition DEFINITION =
      new ServiceDefinition(
          "585e2f44-5d74-46f0-b310-309920061078",
          "network-policy",
          "Container-to-container networking between Cloud Foundry apps",
          List.of("network-policy", "c2c", "cfmr"),
          "84843bf0-49a1-4674-8171-4bd7d2b6cbe4",
          "c2c",
          "Lets a source app reach a destination app on the given ports, through a Service named"
              + " after the destination",
          ParameterSchema.load("network-policy-c2c-provision"),
          Optional.empty());

  private final String namespace;

  public C2cOffering(String namespace) {
    this.namespace = namespace;
  }

  @Override
  public ServiceDefinition definition() {
    return DEFINITION;
  }

  @Override
  public Action provision(InstanceRecord instance) {
    DEFINITION.provisionSchema().validate(instance.parameters());
    C2cSpec spec = C2cSpec.parse(instance.parameters());
    Service desired = C2cResources.service(spec, namespace);
    return changes -> {
      changes.join(desired, instance.instanceId(), existing -> requireShareable(existing, desired));
      changes.create(C2cResources.networkPolicy(spec, instance.instanceId(), namespace));
    };
  }

  /** Deletes the instance's NetworkPolicy, then leaves the Service (the last user deletes it). */
  @Override
  public void deprovision(InstanceRecord instance, Api api) {
    String destination = instance.parameters().path("destination-appname").asText("");
    if (!Names.isDns1035Label(destination)) {
      return; // never passed validation, so nothing was created
    }
    api.idempotent(
        "deleting the instance's NetworkPolicy",
        c ->
            c.network()
                .v1()
                .networkPolicies()
                .inNamespace(namespace)
                .withName(Names.networkPolicy(instance.instanceId(), destination))
                .delete());
    SharedObjects.leave(
        api,
        new ServiceBuilder()
            .withNewMetadata()
            .withName(Names.c2cService(destination))
            .withNamespace(namespace)
            .endMetadata()
            .build(),
        instance.instanceId());
  }

  /** An existing Service may be shared only if this broker made it for the same backend. */
  private void requireShareable(Service existing, Service desired) {
    String name = desired.getMetadata().getName();
    if (!Labels.isManaged(existing)) {
      throw OsbException.conflict(
          "destination-appname "
              + name
              + " is taken by a Service this broker did not make; choose another"
              + " destination-appname");
    }
    if (!C2cResources.sameBackend(existing, desired)) {
      throw OsbException.conflict(
          "destination-appname "
              + name
              + " is already used for destination-guid "
              + existing.getSpec().getSelector().get(Labels.APP_GUID)
              + " with ports "
              + C2cResources.comparable(existing.getSpec().getPorts())
              + "; another instance may share it only with the same destination-guid and ports");
    }
  }
}
