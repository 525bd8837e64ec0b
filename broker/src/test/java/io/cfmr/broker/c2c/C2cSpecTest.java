package io.cfmr.broker.c2c;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfmr.broker.Requests;
import io.cfmr.broker.osb.Json;
import io.cfmr.broker.osb.OsbException;
import io.cfmr.schedule.InvalidScheduleException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class C2cSpecTest {

  private static C2cSpec parse(String destination, String ports) {
    return C2cSpec.parse(Json.read(Requests.c2cParameters(destination, ports), JsonNode.class));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "no ports | backend | [] | ports",
        "upper-case destination | Backend | [{\"name\":\"a\",\"port\":1}] | destination-appname",
        "destination starting with a digit | 1backend | [{\"name\":\"a\",\"port\":1}] |"
            + " destination-appname",
        "port 0 | backend | [{\"name\":\"a\",\"port\":0}] | ports[0].port",
        "port 65536 | backend | [{\"name\":\"a\",\"port\":65536}] | ports[0].port",
        "targetport 0 | backend | [{\"name\":\"a\",\"port\":1,\"targetport\":0}] |"
            + " ports[0].targetport",
        "protocol icmp | backend | [{\"name\":\"a\",\"port\":1,\"protocol\":\"icmp\"}] |"
            + " ports[0].protocol",
        "name of 16 chars | backend | [{\"name\":\"abcdefghijklmnop\",\"port\":1}] |"
            + " ports[0].name",
        "name without letter | backend | [{\"name\":\"123\",\"port\":1}] | ports[0].name",
        "name with double dash | backend | [{\"name\":\"a--b\",\"port\":1}] | ports[0].name",
        "name ending in dash | backend | [{\"name\":\"ab-\",\"port\":1}] | ports[0].name",
        "upper-case name | backend | [{\"name\":\"Cat\",\"port\":1}] | ports[0].name",
        "duplicate name | backend | [{\"name\":\"a\",\"port\":1},{\"name\":\"a\",\"port\":2}] |"
            + " used twice",
        "duplicate port and protocol | backend |"
            + " [{\"name\":\"a\",\"port\":1},{\"name\":\"b\",\"port\":1,\"protocol\":\"tcp\"}] |"
            + " given twice",
      })
  void invalidParametersAreRejectedNamingTheField(
      String why, String destination, String ports, String field) {
    assertThatThrownBy(() -> parse(destination, ports))
        .as(why)
        .isInstanceOf(OsbException.class)
        .hasMessageContaining(field);
  }

  @ParameterizedTest
  @CsvSource({"tcp,TCP", "Udp,UDP", "sctp,SCTP"})
  void protocolIsAcceptedInAnyCase(String given, String expected) {
    C2cSpec spec = parse("backend", "[{\"name\":\"a\",\"port\":1,\"protocol\":\"" + given + "\"}]");
    assertThat(spec.ports().get(0).protocol()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"samePortOtherProtocol"})
  void samePortWithAnotherProtocolIsAllowed(String ignored) {
    C2cSpec spec =
        parse(
            "backend",
            "[{\"name\":\"a\",\"port\":53,\"protocol\":\"tcp\"},"
                + "{\"name\":\"b\",\"port\":53,\"protocol\":\"udp\"}]");
    assertThat(spec.ports()).hasSize(2);
    assertThat(spec.ports().get(0).targetPort()).isEqualTo(53);
  }

  @ParameterizedTest
  @CsvSource({"../x", "not-a-guid", "''"})
  void pathLikeOrMalformedGuidsAreRejected(String guid) {
    String json =
        "{\"source-guid\":\""
            + guid
            + "\",\"destination-appname\":\"backend\",\"destination-guid\":\""
            + Requests.BACKEND
            + "\",\"ports\":[{\"name\":\"a\",\"port\":1}]}";
    assertThatThrownBy(() -> C2cSpec.parse(Json.read(json, JsonNode.class)))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageContaining("source-guid");
  }
}
