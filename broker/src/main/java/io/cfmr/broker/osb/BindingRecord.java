package io.cfmr.broker.osb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What the broker remembers of a binding: the bind request's attributes.
 *
 * @param appGuid the deprecated top-level {@code app_guid}, or null
 */
public record BindingRecord(
    String bindingId,
    String instanceId,
    String serviceId,
    String planId,
    String appGuid,
    ObjectNode bindResource,
    ObjectNode parameters,
    ObjectNode context) {

  public BindingRecord {
    Objects.requireNonNull(bindingId, "bindingId");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(serviceId, "serviceId");
    Objects.requireNonNull(planId, "planId");
    bindResource = bindResource == null ? Json.object() : bindResource;
    parameters = parameters == null ? Json.object() : parameters;
    context = context == null ? Json.object() : context;
  }

  static BindingRecord fromBind(String instanceId, String bindingId, ObjectNode body) {
    ObjectNode bindResource = JsonFields.object(body, "bind_resource");
    JsonFields.optionalText(bindResource, "app_guid");
    return new BindingRecord(
        bindingId,
        instanceId,
        JsonFields.requiredText(body, "service_id"),
        JsonFields.requiredText(body, "plan_id"),
        JsonFields.optionalText(body, "app_guid").orElse(null),
        bindResource,
        JsonFields.object(body, "parameters"),
        JsonFields.object(body, "context"));
  }

  /** The field naming the app being bound, if any: {@code bind_resource.app_guid} first. */
  public Optional<BoundApp> boundApp() {
    if (bindResource.hasNonNull("app_guid")) {
      return Optional.of(
          new BoundApp("bind_resource.app_guid", bindResource.get("app_guid").asText()));
    }
    return Optional.ofNullable(appGuid).map(guid -> new BoundApp("app_guid", guid));
  }

  /** The app GUID as the request gave it, and the field it came from (for error messages). */
  public record BoundApp(String field, String guid) {}

  boolean sameAttributes(BindingRecord other) {
    return instanceId.equals(other.instanceId)
        && serviceId.equals(other.serviceId)
        && planId.equals(other.planId)
        && Objects.equals(appGuid, other.appGuid)
        && bindResource.equals(other.bindResource)
        && parameters.equals(other.parameters);
  }
}
