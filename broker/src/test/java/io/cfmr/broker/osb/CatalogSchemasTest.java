package io.cfmr.broker.osb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.cfmr.broker.Requests;
import io.cfmr.broker.c2c.C2cOffering;
import io.cfmr.broker.scheduler.SchedulerOffering;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogSchemasTest {

  private static final JsonNode CATALOG =
      Catalog.of(List.of(SchedulerOffering.DEFINITION, C2cOffering.DEFINITION))
          .forVersion(new ApiVersion(15));

  private static List<JsonNode> schemas() {
    return CATALOG.findValues("parameters");
  }

  @Test
  void everyPublishedSchemaIsValidDraft04WithoutExternalRefs() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    Schema metaSchema =
        registry.getSchema(SchemaLocation.of("http://json-schema.org/draft-04/schema#"));
    assertThat(schemas()).hasSize(3);
    for (JsonNode schema : schemas()) {
      assertThat(schema.get("$schema").asText())
          .isEqualTo("http://json-schema.org/draft-04/schema#");
      assertThat(metaSchema.validate(Json.text(schema), InputFormat.JSON)).isEmpty();
      assertThat(schema.findValues("$ref")).isEmpty();
    }
  }

  @Test
  void catalogHasBothOfferingsWithFixedIdsAndRetrievableInstances() {
    assertThat(CATALOG.get("services").findValuesAsText("name"))
        .contains("scheduler", "appstate", "network-policy", "c2c");
    JsonNode scheduler = CATALOG.get("services").get(0);
    assertThat(scheduler.get("id").asText()).isEqualTo("149472c8-f878-4118-8250-2d09dced9b2c");
    assertThat(scheduler.get("bindable").asBoolean()).isTrue();
    assertThat(scheduler.get("plan_updateable").asBoolean()).isFalse();
    assertThat(scheduler.get("instances_retrievable").asBoolean()).isTrue();
    assertThat(scheduler.get("bindings_retrievable").asBoolean()).isTrue();
    JsonNode c2c = CATALOG.get("services").get(1);
    assertThat(c2c.get("bindable").asBoolean()).isFalse();
    CATALOG.get("services").forEach(s -> assertThat(s.get("description").asText()).isNotBlank());
  }

  @Test
  void bindSchemaAcceptsTheReferenceExample() {
    SchedulerOffering.DEFINITION
        .bindSchema()
        .orElseThrow()
        .validate(Json.read(Requests.scheduleParameters(Requests.BACKEND), JsonNode.class));
  }

  @Test
  void c2cSchemaAcceptsTheReferenceExample() {
    C2cOffering.DEFINITION
        .provisionSchema()
        .validate(
            Json.read(Requests.c2cParameters("backend", Requests.REFERENCE_PORTS), JsonNode.class));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"cron\":{}}",
        "{\"cron\":{\"start\":1}}",
        "{\"cron\":{\"start\":\"@daily\",\"suspend\":\"yes\"}}",
        "{\"cron\":{\"start\":\"@daily\"},\"extra\":true}",
        "{\"app-guid\":\"../x\",\"cron\":{\"start\":\"@daily\"}}",
        "{}"
      })
  void bindSchemaRejectsBadShapesNamingTheField(String parameters) {
    assertThatThrownBy(
            () ->
                SchedulerOffering.DEFINITION
                    .bindSchema()
                    .orElseThrow()
                    .validate(Json.read(parameters, JsonNode.class)))
        .isInstanceOf(OsbException.class)
        .hasMessageStartingWith("invalid parameters: ")
        .satisfies(e -> assertThat(((OsbException) e).status()).isEqualTo(400));
  }

  @Test
  void schemaErrorsNameTheFieldAsTheScheduleModelDoes() {
    assertThatThrownBy(
            () ->
                C2cOffering.DEFINITION
                    .provisionSchema()
                    .validate(
                        Json.read(
                            Requests.c2cParameters("Backend", "[{\"name\":\"a\",\"port\":0}]"),
                            JsonNode.class)))
        .hasMessageContaining("destination-appname: ")
        .hasMessageContaining("ports[0].port: ");
    assertThatThrownBy(
            () ->
                SchedulerOffering.DEFINITION
                    .bindSchema()
                    .orElseThrow()
                    .validate(Json.read("{\"cron\":{\"start\":1}}", JsonNode.class)))
        .hasMessageContaining("cron.start: ");
  }
}
