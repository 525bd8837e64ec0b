package io.cfmr.broker.osb;

import io.cfmr.broker.health.BrokerMetrics;
import io.cfmr.broker.health.Readiness;

/** What the routes' handlers answer from. */
record Backend(ServiceBroker broker, Readiness readiness, BrokerMetrics metrics) {

  /** 200 when the broker can serve, else 503 saying why. */
  Reply ready() {
    return readiness
        .problem()
        .map(why -> Reply.error(503, "NotReady", why))
        .orElseGet(() -> Reply.text(200, Reply.JSON, "{\"status\":\"ready\"}"));
  }
}
