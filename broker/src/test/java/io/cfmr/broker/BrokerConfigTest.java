package io.cfmr.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfmr.broker.scheduler.SchedulerMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerConfigTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(Map.of("BROKER_USERNAME", "u", "BROKER_PASSWORD", "p"));
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void defaultsAreThoseOfTheContract() {
    BrokerConfig config = BrokerConfig.fromEnvironment(env());
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.schedulerNamespace()).isEqualTo("cfmr");
    assertThat(config.c2cNamespace()).isEqualTo("cfmr-eirini");
    assertThat(config.togglerSecret()).isEqualTo("cfmr-scheduler-credentials");
    assertThat(config.togglerServiceAccount()).isEqualTo("cfmr-toggler");
    assertThat(config.schedulerMode()).isEqualTo(SchedulerMode.CRONJOB);
    assertThat(config.requestDeadline()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void everyVariableIsRead() {
    BrokerConfig config =
        BrokerConfig.fromEnvironment(
            env(
                "PORT",
                "9000",
                "SCHEDULER_NAMESPACE",
                "s",
                "C2C_NAMESPACE",
                "c",
                "TOGGLER_IMAGE",
                "img:1",
                "TOGGLER_SECRET",
                "sec",
                "TOGGLER_SERVICE_ACCOUNT",
                "sa",
                "SCHEDULER_MODE",
                "Daemon",
                "BROKER_REQUEST_DEADLINE",
                "30000ms"));
    assertThat(config)
        .isEqualTo(
            new BrokerConfig(
                "u",
                "p",
                9000,
                "s",
                "c",
                "img:1",
                "sec",
                "sa",
                SchedulerMode.DAEMON,
                Duration.ofSeconds(30),
                Optional.empty()));
  }

  @ParameterizedTest
  @CsvSource({
    "BROKER_USERNAME,'',BROKER_USERNAME is required",
    "BROKER_PASSWORD,'',BROKER_PASSWORD is required",
    "PORT,eighty,PORT must be a port number",
    "PORT,70000,PORT must be a port number",
    "SCHEDULER_MODE,sometimes,SCHEDULER_MODE must be cronjob, daemon or auto",
    "SCHEDULER_NAMESPACE,Bad_Name,SCHEDULER_NAMESPACE must be a Kubernetes name",
    "BROKER_REQUEST_DEADLINE,59s,BROKER_REQUEST_DEADLINE must be between 1s and 50s",
    "BROKER_REQUEST_DEADLINE,900ms,BROKER_REQUEST_DEADLINE must be between 1s and 50s",
    "BROKER_REQUEST_DEADLINE,soon,BROKER_REQUEST_DEADLINE must be a duration such as 45s",
    "TLS_CERT_FILE,/tls/tls.crt,TLS_CERT_FILE and TLS_KEY_FILE go together: set both for HTTPS or"
        + " neither for HTTP; only TLS_CERT_FILE is set",
    "TLS_KEY_FILE,/tls/tls.key,only TLS_KEY_FILE is set",
  })
  void invalidEnvironmentIsRefusedNamingTheVariable(String name, String value, String message) {
    assertThatThrownBy(() -> BrokerConfig.fromEnvironment(env(name, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
