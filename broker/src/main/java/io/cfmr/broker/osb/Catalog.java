package io.cfmr.broker.osb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /v2/catalog}: built once from the offerings' definitions, in one shape per API version
 * that defines fewer fields. A client of an older version gets only the fields its version defines:
 * strict checkers (osb-checker's 2.13 schema) refuse the others.
 */
final class Catalog {

  /**
   * The fields the catalog carries that came after 2.13, and the minor version of the specification
   * that introduced each (its release notes and service offering/plan tables).
   */
  private static final Map<String, Integer> SERVICE_FIELDS_SINCE =
      Map.of("instances_retrievable", 14, "bindings_retrievable", 14);

  private static final Map<String, Integer> PLAN_FIELDS_SINCE =
      Map.of("plan_updateable", 15, "maintenance_info", 15);

  /** From this minor version on, the catalog has every field. */
  private static final int COMPLETE_FROM =
      Math.max(
          Collections.max(SERVICE_FIELDS_SINCE.values()),
          Collections.max(PLAN_FIELDS_SINCE.values()));

  private final Map<Integer, ObjectNode> byMinor = new TreeMap<>();

  private Catalog(ObjectNode complete) {
    for (int minor = ApiVersion.MIN_MINOR; minor <= COMPLETE_FROM; minor++) {
      byMinor.put(minor, restricted(complete, new ApiVersion(minor)));
    }
  }

  static Catalog of(List<ServiceDefinition> definitions) {
    ObjectNode catalog = Json.object();
    ArrayNode services = catalog.putArray("services");
    definitions.forEach(definition -> services.add(service(definition)));
    return new Catalog(catalog);
  }

  /** The catalog as {@code version} defines it (a copy: callers may not change the original). */
  ObjectNode forVersion(ApiVersion version) {
    return byMinor.get(Math.min(version.minor(), COMPLETE_FROM)).deepCopy();
  }

  private static ObjectNode restricted(ObjectNode complete, ApiVersion version) {
    ObjectNode catalog = complete.deepCopy();
    for (JsonNode service : catalog.withArray("services")) {
      drop((ObjectNode) service, SERVICE_FIELDS_SINCE, version);
      for (JsonNode plan : service.get("plans")) {
        drop((ObjectNode) plan, PLAN_FIELDS_SINCE, version);
      }
    }
    return catalog;
  }

  private static void drop(ObjectNode object, Map<String, Integer> since, ApiVersion version) {
    since.forEach(
        (field, minor) -> {
          if (!version.defines(minor)) {
            object.remove(field);
          }
        });
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
