package io.cfmr.broker.osb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfmr.broker.kube.Changes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The OSB protocol over the offerings: records, identical and conflicting repeats, rollback, and
 * the status code of each outcome (docs/osb.md's table). Synchronous: every call finishes well
 * inside the Cloud Controller's timeout.
 */
public final class ServiceBroker {

  private final KubernetesClient client;
  private final Map<String, Offering> offerings;
  private final RecordStore<InstanceRecord> instances;
  private final RecordStore<BindingRecord> bindings;
  private final Catalog catalog;

  public ServiceBroker(
      KubernetesClient client,
      List<Offering> offerings,
      RecordStore<InstanceRecord> instances,
      RecordStore<BindingRecord> bindings) {
    this.client = client;
    this.offerings =
        offerings.stream()
            .collect(Collectors.toUnmodifiableMap(o -> o.definition().id(), Function.identity()));
    this.instances = instances;
    this.bindings = bindings;
    this.catalog = Catalog.of(offerings.stream().map(Offering::definition).toList());
  }

  Reply catalog(ApiVersion version) {
    return Reply.json(200, catalog.forVersion(version));
  }

  Reply provision(String instanceId, ObjectNode body) {
    InstanceRecord candidate = InstanceRecord.fromProvision(instanceId, body);
    Offering offering = offering(candidate.serviceId(), candidate.planId());
    checkMaintenanceInfo(body);
    Offering.Action action = offering.provision(candidate);
    return createOnce(
        instances, instanceId, candidate, InstanceRecord::sameAttributes, action, "instance");
  }

  /** Plans are not updateable: only a request that changes nothing succeeds. */
  Reply update(String instanceId, ObjectNode body) {
    String serviceId = JsonFields.requiredText(body, "service_id");
    Optional<String> planId = JsonFields.optionalText(body, "plan_id");
    ObjectNode parameters = JsonFields.object(body, "parameters");
    InstanceRecord instance =
        instances
            .find(instanceId)
            .orElseThrow(
                () ->
                    OsbException.badRequest("service instance " + instanceId + " does not exist"));
    offering(serviceId, planId.orElse(instance.planId()));
    if (!serviceId.equals(instance.serviceId())) {
      throw OsbException.badRequest(
          "service_id " + serviceId + " is not the service of instance " + instanceId);
    }
    checkMaintenanceInfo(body);
    if (!parameters.isEmpty() && !parameters.equals(instance.parameters())) {
      throw new OsbException(
          422,
          "ChangeNotSupported",
          "the parameters of an existing instance cannot be changed; create a new instance"
              + " with the new parameters and delete this one");
    }
    return Reply.empty(200);
  }

  Reply deprovision(String instanceId, Map<String, String> query) {
    requireQuery(query);
    Optional<InstanceRecord> instance = instances.find(instanceId);
    if (instance.isEmpty()) {
      return Reply.empty(410);
    }
    Optional.ofNullable(offerings.get(instance.get().serviceId()))
        .ifPresent(offering -> offering.deprovision(instance.get()));
    instances.delete(instanceId);
    return Reply.empty(200);
  }

  Reply fetchInstance(String instanceId) {
    InstanceRecord instance = findInstance(instanceId);
    ObjectNode body = Json.object();
    body.put("service_id", instance.serviceId());
    body.put("plan_id", instance.planId());
    body.set("parameters", instance.parameters());
    return Reply.json(200, body);
  }

  Reply instanceLastOperation(String instanceId) {
    findInstance(instanceId);
    return succeeded();
  }

  Reply bind(String instanceId, String bindingId, ObjectNode body) {
    BindingRecord candidate = BindingRecord.fromBind(instanceId, bindingId, body);
    InstanceRecord instance =
        instances
            .find(instanceId)
            .orElseThrow(
                () ->
                    OsbException.badRequest("service instance " + instanceId + " does not exist"));
    if (!candidate.serviceId().equals(instance.serviceId())
        || !candidate.planId().equals(instance.planId())) {
      throw OsbException.badRequest(
          "service_id and plan_id must be those of service instance "
              + instanceId
              + ": "
              + instance.serviceId()
              + " and "
              + instance.planId());
    }
    Offering.Action action =
        offering(instance.serviceId(), instance.planId()).bind(instance, candidate);
    return createOnce(
        bindings, bindingId, candidate, BindingRecord::sameAttributes, action, "binding");
  }

  Reply unbind(String instanceId, String bindingId, Map<String, String> query) {
    requireQuery(query);
    Optional<BindingRecord> binding =
        bindings.find(bindingId).filter(b -> b.instanceId().equals(instanceId));
    if (binding.isEmpty()) {
      return Reply.empty(410);
    }
    Optional.ofNullable(offerings.get(binding.get().serviceId()))
        .ifPresent(offering -> offering.unbind(binding.get()));
    bindings.delete(bindingId);
    return Reply.empty(200);
  }

  Reply fetchBinding(String instanceId, String bindingId) {
    BindingRecord binding = findBinding(instanceId, bindingId);
    ObjectNode body = Json.object();
    body.putObject("credentials");
    body.set("parameters", binding.parameters());
    return Reply.json(200, body);
  }

  Reply bindingLastOperation(String instanceId, String bindingId) {
    findBinding(instanceId, bindingId);
    return succeeded();
  }

  /**
   * Creates the record first (the concurrency guard: a create, never a replace), then runs the
   * action; if the action fails, what it created and the record are deleted before the error
   * propagates. A repeat answers 200 when identical and 409 when not.
   */
  private <R> Reply createOnce(
      RecordStore<R> store,
      String id,
      R candidate,
      BiPredicate<R, R> same,
      Offering.Action action,
      String what) {
    if (store.create(candidate)) {
      Changes changes = new Changes(client);
      try {
        action.apply(changes);
      } catch (RuntimeException e) {
        changes.rollback();
        store.delete(id);
        throw e;
      }
      return Reply.empty(201);
    }
    R current =
        store
            .find(id)
            .orElseThrow(
                () ->
                    OsbException.conflict(
                        "another request for " + what + " " + id + " just failed; try again"));
    if (same.test(current, candidate)) {
      return Reply.empty(200);
    }
    throw OsbException.conflict(
        what
            + " "
            + id
            + " already exists with different attributes; delete it first or use another id");
  }

  private Offering offering(String serviceId, String planId) {
    Offering offering = offerings.get(serviceId);
    if (offering == null) {
      throw OsbException.badRequest(
          "service_id " + serviceId + " is not in the catalog; expected one of " + ids());
    }
    if (!offering.definition().planId().equals(planId)) {
      throw OsbException.badRequest(
          "plan_id "
              + planId
              + " is not a plan of service "
              + offering.definition().name()
              + "; expected "
              + offering.definition().planId()
              + " ("
              + offering.definition().planName()
              + ")");
    }
    return offering;
  }

  private String ids() {
    return offerings.values().stream()
        .map(o -> o.definition().id() + " (" + o.definition().name() + ")")
        .sorted()
        .toList()
        .toString();
  }

  private InstanceRecord findInstance(String instanceId) {
    return instances
        .find(instanceId)
        .orElseThrow(
            () -> OsbException.notFound("service instance " + instanceId + " does not exist"));
  }

  private BindingRecord findBinding(String instanceId, String bindingId) {
    return bindings
        .find(bindingId)
        .filter(b -> b.instanceId().equals(instanceId))
        .orElseThrow(
            () ->
                OsbException.notFound(
                    "binding " + bindingId + " of instance " + instanceId + " does not exist"));
  }

  private static void checkMaintenanceInfo(ObjectNode body) {
    JsonNode version = JsonFields.object(body, "maintenance_info").get("version");
    if (version != null
        && !version.isNull()
        && !ServiceDefinition.MAINTENANCE_VERSION.equals(version.asText())) {
      throw new OsbException(
          422,
          "MaintenanceInfoConflict",
          "maintenance_info.version "
              + version
              + " does not match the catalog's "
              + ServiceDefinition.MAINTENANCE_VERSION);
    }
  }

  private static void requireQuery(Map<String, String> query) {
    for (String name : List.of("service_id", "plan_id")) {
      String value = query.get(name);
      if (value == null || value.isEmpty()) {
        throw OsbException.badRequest("query parameter " + name + " is required");
      }
    }
  }

  private static Reply succeeded() {
    ObjectNode body = Json.object();
    body.put("state", "succeeded");
    return Reply.json(200, body);
  }
}
