package io.cfmr.broker.osb;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfmr.broker.c2c.C2cOffering;
import io.cfmr.broker.scheduler.SchedulerOffering;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each API version gets the catalog fields it defines, and only those. */
class CatalogByVersionTest {

  private static final Catalog CATALOG =
      Catalog.of(List.of(SchedulerOffering.DEFINITION, C2cOffering.DEFINITION));

  private static final String SERVICE_2_13 =
      "bindable description id metadata name plan_updateable plans tags";
  private static final String SERVICE_2_14 =
      SERVICE_2_13 + " bindings_retrievable instances_retrievable";
  private static final String PLAN_2_13 = "bindable description free id name schemas";
  private static final String PLAN_2_15 = PLAN_2_13 + " maintenance_info plan_updateable";

  @ParameterizedTest(name = "2.{0}")
  @CsvSource({
    "13, " + SERVICE_2_13 + ", " + PLAN_2_13,
    "14, " + SERVICE_2_14 + ", " + PLAN_2_13,
    "15, " + SERVICE_2_14 + ", " + PLAN_2_15,
    "16, " + SERVICE_2_14 + ", " + PLAN_2_15,
    "17, " + SERVICE_2_14 + ", " + PLAN_2_15,
  })
  void catalogCarriesExactlyTheFieldsOfTheRequestedVersion(
      int minor, String serviceFields, String planFields) {
    JsonNode services = CATALOG.forVersion(new ApiVersion(minor)).get("services");
    assertThat(services).hasSize(2);
    for (JsonNode service : services) {
      assertThat(fields(service)).isEqualTo(set(serviceFields));
      for (JsonNode plan : service.get("plans")) {
        assertThat(fields(plan)).isEqualTo(set(planFields));
      }
    }
  }

  @ParameterizedTest(name = "2.{0}")
  @CsvSource({"13", "14", "15", "16", "17"})
  void servingAnOldVersionLeavesTheNewerCatalogWhole(int minor) {
    CATALOG.forVersion(new ApiVersion(minor)).withArray("services").removeAll();
    JsonNode latest = CATALOG.forVersion(new ApiVersion(17));
    assertThat(latest.get("services").get(0).get("plans").get(0).has("maintenance_info")).isTrue();
  }

  private static Set<String> fields(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return new TreeSet<>(names);
  }

  private static Set<String> set(String spaceSeparated) {
    return new TreeSet<>(List.of(spaceSeparated.split(" ")));
  }
}
