package io.cfmr.broker;

import static io.cfmr.broker.BrokerHarness.APPSTATE_ID;
import static io.cfmr.broker.BrokerHarness.C2C_PLAN_ID;
import static io.cfmr.broker.BrokerHarness.C2C_SERVICE_ID;
import static io.cfmr.broker.BrokerHarness.SCHEDULER_ID;
import static io.cfmr.broker.Requests.REFERENCE_PORTS;
import static io.cfmr.broker.Requests.bind;
import static io.cfmr.broker.Requests.bindingPath;
import static io.cfmr.broker.Requests.c2cDelete;
import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provision;
import static io.cfmr.broker.Requests.provisionC2c;
import static io.cfmr.broker.Requests.provisionScheduler;
import static io.cfmr.broker.Requests.scheduleParameters;
import static io.cfmr.broker.Requests.schedulerDelete;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.broker.BrokerHarness.Response;
import io.cfmr.broker.scheduler.SchedulerMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The status-code table of docs/osb.md, row by row, for both offerings. */
class OsbStatusCodesTest {

  @RegisterExtension
  static final BrokerHarness broker = BrokerHarness.inMode(SchedulerMode.CRONJOB);

  private static void assertStatus(Response response, int status) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
    assertThat(response.json()).as("body is a JSON object").isNotNull();
    assertThat(response.json().isObject()).isTrue();
  }

  private static void assertError(Response response, int status, String error) {
    assertStatus(response, status);
    assertThat(response.json().get("error").asText()).isEqualTo(error);
    assertThat(response.json().get("description").asText()).isNotBlank();
  }

  /** A new scheduler instance's id, provisioned with 201. */
  private static String provisionedScheduler() {
    String instance = id();
    assertStatus(broker.put(instancePath(instance), provisionScheduler()), 201);
    return instance;
  }

  /** The path of a new binding of {@code app} to {@code instance}, made with 201. */
  private static String boundSchedule(String instance, String app) {
    String path = bindingPath(instance, id());
    assertStatus(broker.put(path, bind(app, scheduleParameters(app))), 201);
    return path;
  }

  // PUT instance

  @Test
  void provisionNewSchedulerInstanceIs201ThenIdenticalRepeatIs200() {
    String path = instancePath(id());
    assertStatus(broker.put(path, provisionScheduler()), 201);
    assertStatus(broker.put(path, provisionScheduler()), 200);
    assertThat(broker.put(path, provisionScheduler()).text()).isEqualTo("{}");
  }

  @Test
  void provisionNewC2cInstanceIs201ThenIdenticalRepeatIs200() {
    String path = instancePath(id());
    String body = provisionC2c("status-" + id().substring(0, 8), REFERENCE_PORTS);
    assertStatus(broker.put(path, body), 201);
    assertStatus(broker.put(path, body), 200);
  }

  @Test
  void provisionSameIdWithDifferentAttributesIs409() {
    String path = instancePath(provisionedScheduler());
    assertError(
        broker.put(path, provisionScheduler().replace("space-1", "space-2")), 409, "Conflict");
    assertError(broker.put(path, provisionC2c("other", REFERENCE_PORTS)), 409, "Conflict");
  }

  @Test
  void provisionMissingRequiredFieldsIs400() {
    for (String field : new String[] {"service_id", "plan_id", "organization_guid", "space_guid"}) {
      String body = provisionScheduler().replace("\"" + field + "\"", "\"x_" + field + "\"");
      assertError(broker.put(instancePath(id()), body), 400, "BadRequest");
    }
  }

  @Test
  void provisionUnknownServiceOrPlanIs400() {
    assertError(
        broker.put(instancePath(id()), provision(id(), APPSTATE_ID, "{}")), 400, "BadRequest");
    assertError(
        broker.put(instancePath(id()), provision(SCHEDULER_ID, C2C_PLAN_ID, "{}")),
        400,
        "BadRequest");
  }

  @Test
  void provisionWithInvalidParametersIs400NotRegistered() {
    String path = instancePath(id());
    assertError(
        broker.put(path, provision(SCHEDULER_ID, APPSTATE_ID, "{\"x\":1}")), 400, "BadRequest");
    assertError(broker.put(path, provisionC2c("Backend", REFERENCE_PORTS)), 400, "BadRequest");
    assertStatus(broker.get(path), 404);
  }

  @Test
  void provisionWithOtherMaintenanceInfoIs422MaintenanceInfoConflict() {
    String body =
        provisionScheduler().replaceFirst("\\{", "{\"maintenance_info\":{\"version\":\"9.9.9\"},");
    assertError(broker.put(instancePath(id()), body), 422, "MaintenanceInfoConflict");
  }

  // PATCH instance

  @Test
  void updateThatChangesNothingIs200AndParameterChangeIs422() {
    String path = instancePath(provisionedScheduler());
    assertStatus(
        broker.patch(
            path,
            """
            {"service_id":"%s","context":{"a":1}}"""
                .formatted(SCHEDULER_ID)),
        200);
    assertError(
        broker.patch(
            path,
            """
            {"service_id":"%s","parameters":{"x":1}}"""
                .formatted(SCHEDULER_ID)),
        422,
        "ChangeNotSupported");
  }

  @Test
  void malformedUpdateIs400() {
    String path = instancePath(provisionedScheduler());
    assertError(
        broker.patch(
            path,
            """
        {"plan_id":"%s"}"""
                .formatted(APPSTATE_ID)),
        400,
        "BadRequest");
    assertError(broker.patch(path, "not json"), 400, "BadRequest");
  }

  // DELETE instance

  @Test
  void deprovisionIs200ThenUnknownIs410WithEmptyObject() {
    String path = instancePath(provisionedScheduler());
    Response deleted = broker.delete(path + schedulerDelete());
    assertStatus(deleted, 200);
    assertThat(deleted.text()).isEqualTo("{}");
    Response gone = broker.delete(path + schedulerDelete());
    assertStatus(gone, 410);
    assertThat(gone.text()).isEqualTo("{}");
  }

  @Test
  void deprovisionWithoutServiceOrPlanIdIs400() {
    String path = instancePath(provisionedScheduler());
    assertError(broker.delete(path), 400, "BadRequest");
    assertError(broker.delete(path + "?service_id=" + SCHEDULER_ID), 400, "BadRequest");
    assertError(broker.delete(path + "?plan_id=" + APPSTATE_ID), 400, "BadRequest");
  }

  @Test
  void deprovisionC2cIs200ThenGone() {
    String path = instancePath(id());
    assertStatus(
        broker.put(path, provisionC2c("gone-" + id().substring(0, 8), REFERENCE_PORTS)), 201);
    assertStatus(broker.delete(path + c2cDelete()), 200);
    assertStatus(broker.delete(path + c2cDelete()), 410);
  }

  // PUT binding

  @Test
  void bindIs201ThenIdenticalRepeatIs200AndDifferentParametersIs409() {
    String instance = provisionedScheduler();
    String app = id();
    String path = boundSchedule(instance, app);
    assertStatus(broker.put(path, bind(app, scheduleParameters(app))), 200);
    assertError(
        broker.put(path, bind(app, scheduleParameters(app).replace("*/2", "*/5"))),
        409,
        "Conflict");
  }

  @Test
  void bindToUnknownInstanceIs400() {
    String app = id();
    assertError(
        broker.put(bindingPath(id(), id()), bind(app, scheduleParameters(app))), 400, "BadRequest");
  }

  @Test
  void bindToC2cInstanceIs400NotBindable() {
    String instance = id();
    assertStatus(
        broker.put(
            instancePath(instance), provisionC2c("nb-" + id().substring(0, 8), REFERENCE_PORTS)),
        201);
    String body =
        """
        {"service_id":"%s","plan_id":"%s"}"""
            .formatted(C2C_SERVICE_ID, C2C_PLAN_ID);
    assertError(broker.put(bindingPath(instance, id()), body), 400, "BadRequest");
  }

  @Test
  void bindWithoutServiceIdIs400() {
    String instance = provisionedScheduler();
    String app = id();
    assertError(
        broker.put(
            bindingPath(instance, id()),
            bind(app, scheduleParameters(app)).replace("\"service_id\"", "\"x\"")),
        400,
        "BadRequest");
  }

  // DELETE binding

  @Test
  void unbindIs200ThenUnknownIs410AndMissingIdsIs400() {
    String instance = provisionedScheduler();
    String app = id();
    String path = boundSchedule(instance, app);
    assertError(broker.delete(path), 400, "BadRequest");
    assertStatus(broker.delete(path + schedulerDelete()), 200);
    Response gone = broker.delete(path + schedulerDelete());
    assertStatus(gone, 410);
    assertThat(gone.text()).isEqualTo("{}");
  }

  // GET instance / binding / last_operation

  @Test
  void fetchInstanceAndBindingReturnWhatWasGivenAnd404WhenUnknown() {
    String instance = provisionedScheduler();
    Response fetched = broker.get(instancePath(instance));
    assertStatus(fetched, 200);
    assertThat(fetched.json().get("service_id").asText()).isEqualTo(SCHEDULER_ID);
    assertThat(fetched.json().get("plan_id").asText()).isEqualTo(APPSTATE_ID);
    String app = id();
    String binding = boundSchedule(instance, app);
    Response fetchedBinding = broker.get(binding);
    assertStatus(fetchedBinding, 200);
    assertThat(fetchedBinding.json().get("parameters").get("app-guid").asText()).isEqualTo(app);
    assertError(broker.get(instancePath(id())), 404, "NotFound");
    assertError(broker.get(bindingPath(instance, id())), 404, "NotFound");
    assertError(
        broker.get(bindingPath(id(), binding.substring(binding.lastIndexOf('/') + 1))),
        404,
        "NotFound");
  }

  @Test
  void lastOperationIsSucceededForKnownAnd404ForUnknown() {
    String instance = provisionedScheduler();
    Response last = broker.get(instancePath(instance) + "/last_operation");
    assertStatus(last, 200);
    assertThat(last.json().get("state").asText()).isEqualTo("succeeded");
    assertError(broker.get(instancePath(id()) + "/last_operation"), 404, "NotFound");
    String app = id();
    String binding = boundSchedule(instance, app);
    assertStatus(broker.get(binding + "/last_operation"), 200);
    assertError(broker.get(bindingPath(instance, id()) + "/last_operation"), 404, "NotFound");
  }

  @Test
  void acceptsIncompleteIsAcceptedAndIgnored() {
    assertStatus(
        broker.put(instancePath(id()) + "?accepts_incomplete=true", provisionScheduler()), 201);
  }

  @Test
  void catalogIs200WithBothOfferings() {
    Response catalog = broker.get("/v2/catalog");
    assertStatus(catalog, 200);
    assertThat(catalog.json().get("services").findValuesAsText("name"))
        .contains("scheduler", "network-policy");
  }
}
