package io.cfmr.broker.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.schedule.AppGuid;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"cb203632-efaf-47f1-ae65-68b856a28c6f", "ffffffff-ffff-ffff-ffff-ffffffffffff"})
  void cronJobNamesFitTheFiftyTwoCharacterLimit(String guid) {
    AppGuid app = new AppGuid(guid);
    assertThat(Names.appStartCronJob(app)).hasSize(50).startsWith("cfmr-appstart-");
    assertThat(Names.appStopCronJob(app)).hasSize(49).startsWith("cfmr-appstop-");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"backend", "a", "x-123456789-123456789-123456789-123456789-123456789-1234567"})
  void networkPolicyNameIsAtMost63AndEndsAlphanumeric(String destination) {
    String name = Names.networkPolicy("front2back", destination);
    assertThat(name).hasSizeLessThanOrEqualTo(63).matches("c2c-[a-z0-9]{8}-[a-z0-9-]*[a-z0-9]");
    assertThat(Names.isDns1123Label(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", "any string at all: ✓", "cb203632-efaf-47f1-ae65-68b856a28c6f"})
  void anyOsbIdGivesValidRecordNamesAndLabels(String id) {
    assertThat(Names.isDns1123Label(Names.instanceRecord(id))).isTrue();
    assertThat(Names.isDns1123Label(Names.bindingRecord(id))).isTrue();
    assertThat(Names.idLabel(id)).matches("[0-9a-f]{40}");
    assertThat(Names.shortId(id)).matches("[0-9a-z]{8}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"instance-a", "instance-b"})
  void eachInstanceGetsItsOwnPolicyName(String id) {
    assertThat(Names.networkPolicy(id, "backend"))
        .isNotEqualTo(Names.networkPolicy(id + "x", "backend"));
  }
}
