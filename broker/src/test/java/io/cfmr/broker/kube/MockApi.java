package io.cfmr.broker.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

/** The one fabric8 mock Kubernetes API server of the broker's tests and of the harness. */
public final class MockApi {

  private MockApi() {}

  /**
   * A started mock in CRUD mode that also answers expectations (for injected faults) first, as
   * {@code @EnableKubernetesMockClient(crud = true)} sets it up.
   */
  public static KubernetesMockServer startCrud() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    return start(responses, new KubernetesMixedDispatcher(responses));
  }

  /**
   * A started mock that answers through {@code dispatcher} alone (a CRUD dispatcher that injects
   * faults, say): it answers no expectations.
   */
  public static KubernetesMockServer start(Dispatcher dispatcher) {
    return start(new HashMap<>(), dispatcher);
  }

  private static KubernetesMockServer start(
      Map<ServerRequest, Queue<ServerResponse>> responses, Dispatcher dispatcher) {
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
    server.init();
    return server;
  }

  /** The requests the mock received and nobody took yet, once none came for 200 ms. */
  public static List<RecordedRequest> takeAll(KubernetesMockServer server)
      throws InterruptedException {
    List<RecordedRequest> taken = new ArrayList<>();
    for (RecordedRequest r = take(server); r != null; r = take(server)) {
      taken.add(r);
    }
    return taken;
  }

  private static RecordedRequest take(KubernetesMockServer server) throws InterruptedException {
    return server.takeRequest(200, TimeUnit.MILLISECONDS);
  }
}
