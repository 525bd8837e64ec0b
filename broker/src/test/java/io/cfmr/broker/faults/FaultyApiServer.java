package io.cfmr.broker.faults;

import io.cfmr.broker.kube.MockApi;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.Interceptor.RequestTags;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.MDC;

/**
 * fabric8's CRUD mock API server that, on demand, faults requests chosen by verb and resource: it
 * stores the change and then fails the answer (500, 429, a timeout, a dropped connection), fails
 * before storing, or answers slowly. Faults are either armed one at a time ({@link #arm}) or drawn
 * at random for a share of all writes ({@link #faultRandomly}).
 */
public final class FaultyApiServer implements AutoCloseable {

  /** Longer than any per-call timeout the broker uses in tests (set below it). */
  public static final Duration HOLD = Duration.ofSeconds(4);

  /** The client timeout tests give the broker's client: a held answer times out. */
  public static final int CLIENT_TIMEOUT_MILLIS = 2_000;

  private final Dispatcher dispatcher = new Dispatcher();
  private final KubernetesMockServer server;

  public FaultyApiServer() {
    server = MockApi.start(dispatcher);
  }

  public KubernetesMockServer server() {
    return server;
  }

  /**
   * A client as the broker's: no fabric8 retries, a short timeout so held answers time out. Each
   * call carries the OSB request's identity (from the broker's log context), so that faults can be
   * counted per OSB request.
   */
  public KubernetesClient brokerClient() {
    return server.createClient(
        b ->
            b.editOrNewConfig()
                .withRequestTimeout(CLIENT_TIMEOUT_MILLIS)
                .withRequestRetryBackoffLimit(0)
                .endConfig()
                .withHttpClientBuilderConsumer(
                    h -> h.addOrReplaceInterceptor("request", header(REQUEST, true))));
  }

  /** The OSB request identities whose Kubernetes calls met a fault. */
  public Set<String> faultedRequests() {
    return dispatcher.faulted;
  }

  /** A client for the test's own checks; never faulted (requests carry a marker header). */
  public KubernetesClient observer() {
    return server.createClient(
        b ->
            b.withHttpClientBuilderConsumer(
                h -> h.addOrReplaceInterceptor("observer", header(OBSERVER, false))));
  }

  private static Interceptor header(String name, boolean fromLogContext) {
    return new Interceptor() {
      @Override
      public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
        String value = fromLogContext ? MDC.get("request_id") : "true";
        if (value != null && !value.isEmpty()) {
          builder.header(name, value);
        }
      }
    };
  }

  /** Faults the next request with {@code method} whose path matches {@code path}, once. */
  public void arm(String method, Predicate<String> path, Fault fault) {
    dispatcher.armed.add(new Armed(method, path, fault));
  }

  /** From now on, faults {@code share} of all writes (and reads), with a random fault each. */
  public void faultRandomly(double share) {
    dispatcher.share = share;
  }

  public int faultsInjected() {
    return dispatcher.injected.get();
  }

  /** Whether an armed fault has not met its request yet. */
  public boolean armedPending() {
    return !dispatcher.armed.isEmpty();
  }

  public void disarm() {
    dispatcher.armed.clear();
    dispatcher.share = 0;
  }

  @Override
  public void close() {
    server.destroy();
  }

  static final String OBSERVER = "X-Test-Observer";
  static final String REQUEST = "X-Test-Request";

  private record Armed(String method, Predicate<String> path, Fault fault) {}

  private static final class Dispatcher extends KubernetesCrudDispatcher {
    private final ConcurrentLinkedQueue<Armed> armed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger injected = new AtomicInteger();
    private final Set<String> faulted = ConcurrentHashMap.newKeySet();
    private volatile double share;

    Dispatcher() {
      super(List.of());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Fault fault = request.getHeader(OBSERVER) == null ? pick(request) : null;
      if (fault == null) {
        return super.dispatch(request);
      }
      injected.incrementAndGet();
      if (request.getHeader(REQUEST) != null) {
        faulted.add(request.getHeader(REQUEST));
      }
      if (fault == Fault.FAIL_BEFORE_STORE) {
        return status(500, "InternalError");
      }
      MockResponse stored = super.dispatch(request);
      return switch (fault) {
        case STORE_THEN_500 -> status(500, "InternalError");
        case STORE_THEN_429 -> status(429, "TooManyRequests").setHeader("Retry-After", "0");
        case STORE_THEN_TIMEOUT -> stored.setBodyDelay(HOLD);
        case STORE_THEN_RESET -> truncated(stored);
        case SLOW -> stored.setBodyDelay(Duration.ofMillis(CLIENT_TIMEOUT_MILLIS / 4));
        case FAIL_BEFORE_STORE -> throw new IllegalStateException("handled above");
      };
    }

    private Fault pick(RecordedRequest request) {
      for (Armed a : armed) {
        if (a.method().equals(request.getMethod())
            && a.path().test(request.getPath())
            && armed.remove(a)) {
          return a.fault();
        }
      }
      double p = share;
      if (p > 0 && ThreadLocalRandom.current().nextDouble() < p) {
        Fault[] all = Fault.values();
        return all[ThreadLocalRandom.current().nextInt(all.length)];
      }
      return null;
    }

    /**
     * The answer cut half-way, as a connection reset mid-answer leaves it (the mock cannot reset
     * its connections): the client cannot read it and does not know what happened.
     */
    private static MockResponse truncated(MockResponse stored) {
      String body = stored.getBody() == null ? "{}" : stored.getBody().readUtf8();
      return new MockResponse()
          .setResponseCode(stored.code())
          .setHeader("Content-Type", "application/json")
          .setBody(body.substring(0, body.length() / 2));
    }

    private static MockResponse status(int code, String reason) {
      return new MockResponse()
          .setResponseCode(code)
          .setHeader("Content-Type", "application/json")
          .setBody(
              "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\""
                  + reason
                  + "\",\"code\":"
                  + code
                  + "}");
    }
  }
}
