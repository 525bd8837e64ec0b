package io.cfmr.daemon.schedule;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.InvalidScheduleException;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --schedules FILE}: read at start, then re-read whenever its content changes.
 *
 * <p>The file is polled rather than watched: a mounted ConfigMap changes by swapping a symbolic
 * link in the directory above, which file watches miss, and comparing a small file's bytes once a
 * second costs nothing. A file that cannot be read or parsed keeps the last good schedules; an
 * invalid schedule is rejected on its own, and if its app had a schedule, that one keeps running.
 */
public final class FileScheduleSource implements ScheduleSource {

  private static final Logger LOG = LoggerFactory.getLogger("io.cfmr.daemon.schedule");

  private final Path file;
  private final Duration pollInterval;
  private final String source;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "cfmr-schedules-file");
            thread.setDaemon(true);
            return thread;
          });
  private ScheduleSink sink;
  private byte[] lastContent;
  private Map<AppGuid, Schedule> current = Map.of();

  public FileScheduleSource(Path file, Duration pollInterval) {
    this.file = file;
    this.pollInterval = pollInterval;
    this.source = "schedules file " + file;
  }

  @Override
  public synchronized void start(ScheduleSink sink) {
    this.sink = sink;
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ScheduleSourceException(source + ": cannot read it (" + describe(e) + ")", e);
    }
    try {
      apply(ScheduleDocument.parse(file.getFileName().toString(), content));
    } catch (ScheduleSourceException e) {
      throw new ScheduleSourceException(source + ": " + e.getMessage(), e);
    }
    lastContent = content;
    LOG.atInfo()
        .setMessage("schedules loaded")
        .addKeyValue("source", source)
        .addKeyValue("schedules", current.size())
        .log();
    long millis = pollInterval.toMillis();
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }

  private synchronized void poll() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      if (lastContent != null) { // say it once, not every second
        LOG.atWarn()
            .setMessage("cannot read the schedules file; keeping the last good schedules")
            .addKeyValue("source", source)
            .addKeyValue("reason", describe(e))
            .log();
      }
      lastContent = null;
      return;
    }
    if (Arrays.equals(content, lastContent)) {
      return;
    }
    lastContent = content;
    try {
      apply(ScheduleDocument.parse(file.getFileName().toString(), content));
      LOG.atInfo()
          .setMessage("schedules reloaded")
          .addKeyValue("source", source)
          .addKeyValue("schedules", current.size())
          .log();
    } catch (ScheduleSourceException e) {
      LOG.atWarn()
          .setMessage("schedules file rejected; keeping the last good schedules")
          .addKeyValue("source", source)
          .addKeyValue("reason", e.getMessage())
          .log();
    } catch (RuntimeException e) {
      // Keep polling: one bad reload must not end reloading for good.
      LOG.error("reloading the schedules file failed", e);
    }
  }

  /**
   * Makes the sink hold exactly the file's valid schedules (plus kept ones of rejected entries).
   */
  private void apply(List<ParsedSchedule> parsed) {
    Map<AppGuid, Schedule> next = new LinkedHashMap<>();
    for (ParsedSchedule entry : parsed) {
      if (entry instanceof ParsedSchedule.Valid valid) {
        AppGuid app = valid.schedule().appGuid();
        if (next.putIfAbsent(app, valid.schedule()) != null) {
          Rejections.log(source, duplicate(app, valid.origin()), "the app's first entry is used");
        }
      }
    }
    for (ParsedSchedule entry : parsed) {
      if (entry instanceof ParsedSchedule.Rejected rejected) {
        Optional<AppGuid> app = rejected.app().filter(a -> !next.containsKey(a));
        if (app.isPresent() && current.containsKey(app.get())) {
          next.put(app.get(), current.get(app.get()));
          Rejections.log(source, rejected, "keeping the app's previous schedule");
        } else {
          Rejections.log(source, rejected, "the app has no schedule");
        }
      }
    }
    current.keySet().stream().filter(app -> !next.containsKey(app)).forEach(sink::remove);
    next.values().forEach(sink::put);
    current = next;
  }

  private static ParsedSchedule.Rejected duplicate(AppGuid app, String origin) {
    return new ParsedSchedule.Rejected(
        Optional.of(app),
        new InvalidScheduleException(
            ScheduleJson.APP_GUID, "appears in more than one entry; expected one schedule per app"),
        origin);
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
