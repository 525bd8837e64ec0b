package io.cfmr.broker.osb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What the broker remembers of a service instance: the provision request's attributes. Stored in a
 * ConfigMap by {@link RecordStore}.
 */
public record InstanceRecord(
    String instanceId,
    String serviceId,
    String planId,
    String organizationGuid,
    String spaceGuid,
    ObjectNode parameters,
    ObjectNode context) {

  public InstanceRecord {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(serviceId, "serviceId");
    Objects.requireNonNull(planId, "planId");
    parameters = parameters == null ? Json.object() : parameters;
    context = context == null ? Json.object() : context;
  }

  /** Reads a provision request body; missing or mistyped fields are a 400. */
  static InstanceRecord fromProvision(String instanceId, ObjectNode body) {
    return new InstanceRecord(
        instanceId,
        JsonFields.requiredText(body, "service_id"),
        JsonFields.requiredText(body, "plan_id"),
        JsonFields.requiredText(body, "organization_guid"),
        JsonFields.requiredText(body, "space_guid"),
        JsonFields.object(body, "parameters"),
        JsonFields.object(body, "context"));
  }

  /**
   * The OSB "same attributes" test for a repeated provision. The context is left out: the Cloud
   * Controller may send a renamed instance's new name in it, and that is still the same instance.
   */
  boolean sameAttributes(InstanceRecord other) {
    return serviceId.equals(other.serviceId)
        && planId.equals(other.planId)
        && Objects.equals(organizationGuid, other.organizationGuid)
        && Objects.equals(spaceGuid, other.spaceGuid)
        && parameters.equals(other.parameters);
  }
}
