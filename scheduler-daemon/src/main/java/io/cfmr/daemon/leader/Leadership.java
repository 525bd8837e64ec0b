package io.cfmr.daemon.leader;

/** Decides when this daemon fires: always, or while it holds the Lease. */
public interface Leadership extends AutoCloseable {

  /**
   * Begins; calls {@code onLeading} when this daemon becomes the one that fires and {@code
   * onStandby} when it stops being it. Both are called from one thread at a time.
   */
  void start(Runnable onLeading, Runnable onStandby);

  /** Gives up leadership (releasing the Lease) and stops. */
  @Override
  void close();

  /** Without leader election: this daemon fires from the start. */
  static Leadership always() {
    return new Leadership() {
      @Override
      public void start(Runnable onLeading, Runnable onStandby) {
        onLeading.run();
      }

      @Override
      public void close() {}
    };
  }
}
