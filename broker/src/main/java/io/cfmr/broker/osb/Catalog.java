package io.cfmr.broker.osb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** {@code GET /v2/catalog}: built once from the offerings' definitions. */
final class Catalog {

  private Catalog() {}

  static ObjectNode of(List<ServiceDefinition> definitions) {
    ObjectNode catalog = Json.object();
    ArrayNode services = catalog.putArray("services");
    definitions.forEach(definition -> services.add(service(definition)));
    return catalog;
  }

  private static ObjectNode service(ServiceDefinition definition) {
    ObjectNode service = Json.object();
    service.put("id", definition.id());
    service.put("name", definition.name());
    service.put("description", definition.description());
    definition.tags().forEach(service.withArray("tags")::add);
    service.put("bindable", definition.bindable());
    service.put("plan_updateable", false);
    service.put("instances_retrievable", true);
    service.put("bindings_retrievable", definition.bindable());
    service.putObject("metadata").put("displayName", definition.name());
    ObjectNode plan = service.putArray("plans").addObject();
    plan.put("id", definition.planId());
    plan.put("name", definition.planName());
    plan.put("description", definition.planDescription());
    plan.put("free", true);
    plan.put("bindable", definition.bindable());
    plan.put("plan_updateable", false);
    plan.putObject("maintenance_info")
        .put("version", ServiceDefinition.MAINTENANCE_VERSION)
        .put("description", "the first release of this plan");
    ObjectNode schemas = plan.putObject("schemas");
    schemas
        .putObject("service_instance")
        .putObject("create")
        .set("parameters", definition.provisionSchema().document());
    definition
        .bindSchema()
        .ifPresent(
            bind ->
                schemas
                    .putObject("service_binding")
                    .putObject("create")
                    .set("parameters", bind.document()));
    return service;
  }
}
