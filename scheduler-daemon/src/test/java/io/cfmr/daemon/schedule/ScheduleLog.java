package io.cfmr.daemon.schedule;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cfmr.schedule.AppGuid;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Captures what the schedule sources log, from any thread, until closed. */
final class ScheduleLog implements AutoCloseable {

  private static final Logger LOGGER = (Logger) LoggerFactory.getLogger("io.cfmr.daemon.schedule");

  private final ListAppender<ILoggingEvent> appender =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          event.prepareForDeferredProcessing(); // the MDC of the logging thread, not the reader's
          super.append(event);
        }
      };

  ScheduleLog() {
    appender.list = new CopyOnWriteArrayList<>(); // sources log on their own threads
    appender.start();
    LOGGER.addAppender(appender);
  }

  /**
   * The warnings so far, each as its message, then {@code key=value} for each key-value pair and
   * for the app in the MDC: {@code schedule rejected; ... source=... field=... app_guid=...}.
   */
  List<String> warnings() {
    return appender.list.stream()
        .filter(event -> event.getLevel() == Level.WARN)
        .map(ScheduleLog::line)
        .toList();
  }

  private static String line(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      event
          .getKeyValuePairs()
          .forEach(p -> line.append(' ').append(p.key).append('=').append(p.value));
    }
    String app = event.getMDCPropertyMap().get(AppGuid.LOG_KEY);
    if (app != null) {
      line.append(' ').append(AppGuid.LOG_KEY).append('=').append(app);
    }
    return line.toString();
  }

  @Override
  public void close() {
    LOGGER.detachAppender(appender);
  }
}
