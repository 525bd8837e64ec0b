package io.cfmr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({"500ms, PT0.5S", "60s, PT1M", "30m, PT30M", "1h, PT1H", "PT2M, PT2M", "90S, PT1M30S"})
  void operatorStyleAndIsoDurationsParse(String text, Duration expected) {
    assertThat(DurationConverter.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "10", "-5s", "0s", "1d", "PT0S"})
  void otherTextIsRejectedSayingWhatIsExpected(String text) {
    assertThatThrownBy(() -> DurationConverter.parse(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("expected a");
  }
}
