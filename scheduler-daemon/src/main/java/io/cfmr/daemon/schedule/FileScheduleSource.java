package io.cfmr.daemon.schedule;

import io.cfmr.daemon.metrics.Condition;
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
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --schedules FILE}: read at start, then re-read whenever its content changes.
 *
 * <p>The file is polled rather than watched: a mounted ConfigMap changes by swapping a symbolic
 * link in the directory above, which file watches miss, and comparing the file's bytes once a
 * second costs little. New content is used once two polls in a row read the same bytes, so a file
 * still being written is not taken for a shorter list. A file that cannot be read or parsed keeps
 * the last good schedules (and makes the daemon unready); an invalid schedule is rejected on its
 * own, and if its app had a schedule, that one keeps running. A reload is applied whole or not at
 * all: one that throws half-way is rolled back and tried again at the next poll.
 */
public final class FileScheduleSource implements ScheduleSource {

  private static final Logger LOG = LoggerFactory.getLogger("io.cfmr.daemon.schedule");

  private final Path file;
  private final Duration pollInterval;
  private final Condition health;
  private final String source;
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "cfmr-schedules-file");
            thread.setDaemon(true);
            return thread;
          });
  private ScheduleSink sink;

  /** The content in use (applied, or rejected as invalid); null when the file could not be read. */
  private byte[] handled;

  /** What the last poll read, to see whether the file has settled. */
  private byte[] lastRead;

  private Map<AppGuid, Schedule> current = Map.of();

  /**
   * @param health told whether the file is usable; told it is fatal when the poller itself breaks
   */
  public FileScheduleSource(Path file, Duration pollInterval, Condition health) {
    this.file = file;
    this.pollInterval = pollInterval;
    this.health = health;
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
      commit(resolve(ScheduleDocument.parse(file.getFileName().toString(), content)));
    } catch (ScheduleSourceException e) {
      throw new ScheduleSourceException(source + ": " + e.getMessage(), e);
    }
    handled = content;
    lastRead = content;
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

  /**
   * One look at the file; package-private so that tests can poll without waiting. Any throwable
   * ends a scheduled task for good, silently: none may escape.
   */
  void poll() {
    try {
      reload();
    } catch (SinkStateUnknown e) {
      giveUp(e.getMessage(), e);
    } catch (RuntimeException e) {
      LOG.error("reloading the schedules file failed; trying again at the next poll", e);
      health.failing("reloading the schedules file failed: " + e);
    } catch (Throwable e) { // an Error: after it nothing here can be trusted to work
      giveUp("the schedules file poller broke: " + e, e);
    }
  }

  private void giveUp(String reason, Throwable cause) {
    poller.shutdown(); // no further poll: the daemon is stopping
    health.fatal(reason, cause);
  }

  private synchronized void reload() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      if (handled != null) { // say it once, not every second
        LOG.atWarn()
            .setMessage("cannot read the schedules file; keeping the last good schedules")
            .addKeyValue("source", source)
            .addKeyValue("reason", describe(e))
            .log();
      }
      health.failing("cannot read " + file + ": " + describe(e));
      handled = null;
      lastRead = null;
      return;
    }
    boolean settled = Arrays.equals(content, lastRead);
    lastRead = content;
    if (!settled || Arrays.equals(content, handled)) {
      return;
    }
    Map<AppGuid, Schedule> next;
    try {
      next = resolve(ScheduleDocument.parse(file.getFileName().toString(), content));
    } catch (ScheduleSourceException e) {
      handled = content; // the same bytes would fail the same way
      LOG.atWarn()
          .setMessage("schedules file rejected; keeping the last good schedules")
          .addKeyValue("source", source)
          .addKeyValue("reason", e.getMessage())
          .log();
      health.failing(source + " rejected: " + e.getMessage());
      return;
    }
    commit(next); // throws when it failed half-way; handled stays, so the next poll retries
    handled = content;
    health.ok();
    LOG.atInfo()
        .setMessage("schedules reloaded")
        .addKeyValue("source", source)
        .addKeyValue("schedules", current.size())
        .log();
  }

  /** The file's valid schedules, plus the kept ones of apps whose new entry is rejected. */
  private Map<AppGuid, Schedule> resolve(List<ParsedSchedule> parsed) {
    Map<AppGuid, Schedule> next = new LinkedHashMap<>();
    for (ParsedSchedule entry : parsed) {
      if (entry instanceof ParsedSchedule.Valid valid) {
        AppGuid app = valid.schedule().appGuid();
        if (next.putIfAbsent(app, valid.schedule()) != null) {
          Rejections.log(source, duplicate(app, valid.origin()), "the app's first entry is used");
        }
      }
    }
    Set<AppGuid> inFile = Set.copyOf(next.keySet());
    for (ParsedSchedule entry : parsed) {
      if (entry instanceof ParsedSchedule.Rejected rejected) {
        Optional<AppGuid> app = rejected.app();
        if (app.isPresent() && inFile.contains(app.get())) {
          Rejections.log(source, rejected, "the app's valid entry is used");
        } else if (app.isPresent() && current.containsKey(app.get())) {
          next.put(app.get(), current.get(app.get()));
          Rejections.log(source, rejected, "keeping the app's previous schedule");
        } else {
          Rejections.log(source, rejected, "the app has no schedule");
        }
      }
    }
    return next;
  }

  /**
   * Makes the sink hold exactly {@code next}, or, if that throws half-way, {@code current} again.
   *
   * @throws SinkStateUnknown when even the way back fails
   */
  private void commit(Map<AppGuid, Schedule> next) {
    try {
      sync(current, next);
    } catch (RuntimeException e) {
      try {
        sync(next, current); // what the failed pass may have changed, put back
      } catch (RuntimeException rollback) {
        e.addSuppressed(rollback);
        throw new SinkStateUnknown(e);
      }
      throw e;
    }
    current = next;
  }

  /** Turns a sink holding {@code from} into one holding {@code to}; unchanged ones are skipped. */
  private void sync(Map<AppGuid, Schedule> from, Map<AppGuid, Schedule> to) {
    from.keySet().stream().filter(app -> !to.containsKey(app)).forEach(sink::remove);
    sink.putAll(
        to.values().stream()
            .filter(schedule -> !schedule.equals(from.get(schedule.appGuid())))
            .toList());
  }

  /**
   * Neither the new nor the previous schedules could be applied: only a restart is sure to help.
   */
  static final class SinkStateUnknown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SinkStateUnknown(RuntimeException cause) {
      super(
          "applying the schedules failed and so did restoring the previous ones: " + cause, cause);
    }
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
