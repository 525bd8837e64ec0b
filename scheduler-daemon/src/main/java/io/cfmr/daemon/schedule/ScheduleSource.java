package io.cfmr.daemon.schedule;

/** Where schedules come from: a file or Kubernetes ConfigMaps. */
public interface ScheduleSource extends AutoCloseable {

  /**
   * Delivers the schedules there are now to the sink, then keeps delivering changes until closed.
   *
   * @throws ScheduleSourceException when the source cannot be read at all at start
   */
  void start(ScheduleSink sink);

  @Override
  void close();
}
