package io.cfmr.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppGuidTest {

  @Test
  void upperCaseInputIsNormalizedForKubernetesNames() {
    assertThat(AppGuid.parse("app-guid", " CB203632-EFAF-47F1-AE65-68B856A28C6F ").value())
        .isEqualTo("cb203632-efaf-47f1-ae65-68b856a28c6f");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "backend",
        "cb203632-efaf-47f1-ae65-68b856a28c6",
        "cb203632-efaf-47f1-ae65-68b856a28c6fa",
        "cb203632efaf47f1ae6568b856a28c6f",
        "../../etc/passwd",
        "cb203632-efaf-47f1-ae65-68b856a28c6g",
        "cb203632-efaf-47f1-ae65-68b856a28c6f/../x"
      })
  void anythingButAGuidIsRejectedNamingTheField(String text) {
    assertThatThrownBy(() -> AppGuid.parse("app-guid", text))
        .isInstanceOf(InvalidScheduleException.class)
        .hasMessageStartingWith("app-guid: expected a GUID such as");
  }

  @Test
  void theRecordItselfOnlyHoldsNormalizedGuids() {
    assertThatThrownBy(() -> new AppGuid("CB203632-EFAF-47F1-AE65-68B856A28C6F"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
