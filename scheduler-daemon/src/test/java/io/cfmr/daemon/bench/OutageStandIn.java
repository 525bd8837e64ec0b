package io.cfmr.daemon.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cfmr.toggler.cf.FakeCloudFoundry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stand-in Cloud Controller and UAA of {@code bench/daemon-outage}, in a process of its own:
 * started when the outage ends, it keeps each app's state (every app STARTED until stopped),
 * answers 429 with {@code Retry-After: 2} to every fifth request during its first minute, and
 * counts what it saw: {@code GET /bench/stats} answers {@code key=value} lines.
 *
 * <p>Usage: {@code OutageStandIn PORT APPS}.
 */
public final class OutageStandIn {

  private static final long LIMITED_MILLIS = 60_000;

  private final long startedMillis = System.currentTimeMillis();
  private final int apps;
  private final String base;
  private final Set<String> stopped = ConcurrentHashMap.newKeySet();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger limited = new AtomicInteger();
  private final AtomicLong allStoppedAt = new AtomicLong();
  private final Map<Long, AtomicInteger> perSecond = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> looksPerSecond = new ConcurrentHashMap<>();

  private OutageStandIn(int port, int apps) {
    this.apps = apps;
    this.base = "http://localhost:" + port;
  }

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    OutageStandIn standIn = new OutageStandIn(port, Integer.parseInt(args[1]));
    HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 512);
    server.createContext("/", standIn::handle);
    server.setExecutor(Executors.newFixedThreadPool(32));
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/bench/stats")) {
        send(exchange, 200, stats(), Map.of());
        return;
      }
      long now = System.currentTimeMillis();
      long second = now / 1000;
      perSecond.computeIfAbsent(second, s -> new AtomicInteger()).incrementAndGet();
      boolean look = method.equals("GET") && path.startsWith("/v3/apps/");
      if (look) {
        looksPerSecond.computeIfAbsent(second, s -> new AtomicInteger()).incrementAndGet();
      }
      if (requests.incrementAndGet() % 5 == 0 && now - startedMillis < LIMITED_MILLIS) {
        limited.incrementAndGet();
        send(exchange, 429, rateLimited(), Map.of("Retry-After", "2"));
        return;
      }
      answer(exchange, method, path);
    }
  }

  private void answer(HttpExchange exchange, String method, String path) throws IOException {
    String[] parts = path.split("/");
    if (path.equals("/")) {
      send(exchange, 200, fixture("root", Map.of()), Map.of());
    } else if (path.equals("/v2/info")) {
      send(exchange, 200, fixture("v2-info", Map.of()), Map.of());
    } else if (path.equals("/oauth/token")) {
      send(exchange, 200, fixture("uaa-token", Map.of("token", "bench-token")), Map.of());
    } else if (method.equals("GET") && parts.length == 4 && parts[2].equals("apps")) {
      send(exchange, 200, app(parts[3]), Map.of());
    } else if (method.equals("POST") && path.endsWith("/actions/stop") && parts.length == 6) {
      stopped.add(parts[3]);
      if (stopped.size() == apps) {
        allStoppedAt.compareAndSet(0, System.currentTimeMillis());
      }
      send(exchange, 200, app(parts[3]), Map.of());
    } else {
      send(exchange, 404, "{}", Map.of());
    }
  }

  private String stats() {
    return "started_ms="
        + startedMillis
        + "\nall_stopped_ms="
        + allStoppedAt.get()
        + "\nstopped="
        + stopped.size()
        + "\nrequests="
        + requests.get()
        + "\nrate_limited="
        + limited.get()
        + "\npeak_requests_per_second="
        + peak(perSecond)
        + "\npeak_looks_per_second="
        + peak(looksPerSecond)
        + "\n";
  }

  private static int peak(Map<Long, AtomicInteger> counts) {
    return counts.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
  }

  private String app(String guid) {
    String state = stopped.contains(guid) ? "STOPPED" : "STARTED";
    return fixture("v3-app", Map.of("guid", guid, "state", state));
  }

  private String rateLimited() {
    return fixture(
        "v3-error",
        Map.of("detail", "Rate Limit Exceeded", "title", "CF-RateLimitExceeded", "code", "10013"));
  }

  private String fixture(String name, Map<String, String> vars) {
    Map<String, String> all = new java.util.HashMap<>(vars);
    all.put("cc", base);
    all.put("uaa", base);
    return FakeCloudFoundry.fixture(name, all);
  }

  private static void send(
      HttpExchange exchange, int status, String body, Map<String, String> headers)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
