package io.cfmr.broker.faults;

/** What the faulty API server does to one request instead of answering it normally. */
public enum Fault {
  /** Stores the change, then answers 500. */
  STORE_THEN_500(true),
  /** Stores the change, then answers 429 Too Many Requests. */
  STORE_THEN_429(true),
  /** Answers 500 without storing anything. */
  FAIL_BEFORE_STORE(false),
  /** Stores the change, then holds the answer past the client's timeout. */
  STORE_THEN_TIMEOUT(true),
  /** Stores the change, then drops the connection mid-answer. */
  STORE_THEN_RESET(true),
  /** Stores the change and answers it normally, but slowly (within the client's timeout). */
  SLOW(true);

  private final boolean stores;

  Fault(boolean stores) {
    this.stores = stores;
  }

  public boolean stores() {
    return stores;
  }
}
