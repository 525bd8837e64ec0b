package io.cfmr.broker.osb;

/**
 * A request failed and its rollback could not remove everything it wrote; its record is kept, so
 * that a DELETE of the instance or binding removes the rest. Answered 502 by {@link ErrorMapper};
 * the objects left are logged where this is thrown.
 */
final class PartlyUndoneException extends RuntimeException {

  private final String what;

  /**
   * @param what {@code instance} or {@code binding}
   * @param cause why the request failed
   */
  PartlyUndoneException(String what, RuntimeException cause) {
    super(what + " failed and its rollback left objects behind", cause);
    this.what = what;
  }

  String what() {
    return what;
  }
}
