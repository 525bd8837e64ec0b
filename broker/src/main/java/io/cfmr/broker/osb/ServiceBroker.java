package io.cfmr.broker.osb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfmr.broker.kube.Api;
import io.cfmr.broker.kube.Deadline;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The OSB protocol over the offerings: validation, the status code of each outcome (docs/osb.md's
 * table), and (through {@link Lifecycle}) records, repeats and rollback. Synchronous: every request
 * stops writing at its deadline, below the Cloud Controller's timeout, and undoes what it wrote
 * before answering (docs/broker-consistency.md).
 */
public final class ServiceBroker {

  private final KubernetesClient client;
  private final Duration deadline;
  private final Map<String, Offering> offerings;
  private final RecordStore<InstanceRecord> instances;
  private final RecordStore<BindingRecord> bindings;
  private final Catalog catalog;

  public ServiceBroker(
      KubernetesClient client,
      Duration deadline,
      List<Offering> offerings,
      RecordStore<InstanceRecord> instances,
      RecordStore<BindingRecord> bindings) {
    this.client = client;
    this.deadline = deadline;
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
    return Lifecycle.createOnce(
        api(),
        instances,
        instanceId,
        candidate,
        InstanceRecord::sameAttributes,
        action,
        "instance");
  }

  /** Plans are not updateable: only a request that changes nothing succeeds. */
  Reply update(String instanceId, ObjectNode body) {
    String serviceId = JsonFields.requiredText(body, "service_id");
    Optional<String> planId = JsonFields.optionalText(body, "plan_id");
    ObjectNode parameters = JsonFields.object(body, "parameters");
    InstanceRecord instance = existingInstance(api(), instanceId).record();
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
    Api api = api();
    return Lifecycle.deleteOnce(
        api,
        instances,
        instanceId,
        instance -> true,
        instance ->
            Optional.ofNullable(offerings.get(instance.serviceId()))
                .ifPresent(offering -> offering.deprovision(instance, api)),
        "instance");
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
    Api api = api();
    Stored<InstanceRecord> stored = existingInstance(api, instanceId);
    if (stored.state() != Stored.State.READY) {
      throw new OsbException(
          422,
          "ConcurrencyError",
          "service instance " + instanceId + " is being created or deleted; try again");
    }
    InstanceRecord instance = stored.record();
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
    return Lifecycle.createOnce(
        api, bindings, bindingId, candidate, BindingRecord::sameAttributes, action, "binding");
  }

  Reply unbind(String instanceId, String bindingId, Map<String, String> query) {
    requireQuery(query);
    Api api = api();
    return Lifecycle.deleteOnce(
        api,
        bindings,
        bindingId,
        binding -> binding.instanceId().equals(instanceId),
        binding ->
            Optional.ofNullable(offerings.get(binding.serviceId()))
                .ifPresent(offering -> offering.unbind(binding, api)),
        "binding");
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

  /** This request's view of the API, its deadline starting now. */
  private Api api() {
    return new Api(client, Deadline.in(deadline));
  }

  private Stored<InstanceRecord> existingInstance(Api api, String instanceId) {
    return instances
        .find(api, instanceId)
        .orElseThrow(
            () -> OsbException.badRequest("service instance " + instanceId + " does not exist"));
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
        .find(api(), instanceId)
        .filter(stored -> stored.state() == Stored.State.READY)
        .map(Stored::record)
        .orElseThrow(
            () -> OsbException.notFound("service instance " + instanceId + " does not exist"));
  }

  private BindingRecord findBinding(String instanceId, String bindingId) {
    return bindings
        .find(api(), bindingId)
        .filter(stored -> stored.state() == Stored.State.READY)
        .map(Stored::record)
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
