package io.cfmr.broker;

import static io.cfmr.broker.Requests.bind;
import static io.cfmr.broker.Requests.bindingPath;
import static io.cfmr.broker.Requests.cronStart;
import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionScheduler;
import static io.cfmr.broker.Requests.scheduleParameters;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cfmr.broker.scheduler.SchedulerMode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {

  @Test
  void logsCarryIdsInTheMdcAndNeverThePassword() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    root.addAppender(captured);
    String instance = id();
    String binding = id();
    String app = id();
    try (BrokerHarness broker = BrokerHarness.start()) {
      broker.put(instancePath(instance), provisionScheduler());
      broker.put(bindingPath(instance, binding), bind(app, scheduleParameters(app)));
      broker.put(bindingPath(instance, id()), bind(app, cronStart("bad")));
      broker.send(
          "GET",
          "/v2/catalog",
          null,
          Map.of(
              "Authorization",
              BrokerHarness.basic(BrokerHarness.USER, BrokerHarness.PASSWORD + "x")));
      broker.put(
          instancePath(id()),
          """
          {"password":"%s"}"""
              .formatted(BrokerHarness.PASSWORD));
    } finally {
      root.detachAppender(captured);
    }
    assertThat(captured.list).isNotEmpty();
    for (ILoggingEvent event : captured.list) {
      assertThat(event.getFormattedMessage()).doesNotContain(BrokerHarness.PASSWORD);
      assertThat(event.getMDCPropertyMap().values().toString())
          .doesNotContain(BrokerHarness.PASSWORD);
      if (event.getThrowableProxy() != null) {
        assertThat(event.getThrowableProxy().getMessage()).doesNotContain(BrokerHarness.PASSWORD);
      }
    }
    assertThat(captured.list)
        .filteredOn(e -> e.getFormattedMessage().startsWith("bind PUT"))
        .anySatisfy(
            e ->
                assertThat(e.getMDCPropertyMap())
                    .containsEntry("instance_id", instance)
                    .containsEntry("binding_id", binding)
                    .containsEntry("app_guid", app));
  }

  @Test
  void configToStringHidesThePassword() {
    assertThat(BrokerHarness.config(SchedulerMode.CRONJOB).toString())
        .doesNotContain(BrokerHarness.PASSWORD)
        .contains("password=***");
  }
}
