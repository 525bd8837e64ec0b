package io.cfmr.broker.osb;

import io.cfmr.broker.health.BrokerMetrics;
import io.cfmr.broker.health.Readiness;

/** What the routes' handlers answer from. */
record Backend(ServiceBroker broker, Readiness readiness, BrokerMetrics metrics) {

  /** 200 when the broker can serve, else 503; why not is in the log only. */
  Reply ready() {
    return readiness.ready()
        ? Reply.text(200, Reply.JSON, "{\"status\":\"ready\"}")
        : Reply.text(503, Reply.JSON, "{\"status\":\"not ready\"}");
  }
}
