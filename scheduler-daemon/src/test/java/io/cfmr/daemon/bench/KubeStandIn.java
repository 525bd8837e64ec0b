package io.cfmr.daemon.bench;

import io.cfmr.broker.kube.MockApi;
import io.cfmr.broker.kube.Owner;
import io.cfmr.broker.scheduler.SchedulerResources;
import io.cfmr.broker.scheduler.TogglerSettings;
import io.cfmr.daemon.schedule.ParsedSchedule;
import io.cfmr.daemon.schedule.ScheduleDocument;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The stand-in Kubernetes API of {@code BENCH_SOURCE=configmaps bench/daemon-scale}, in a process
 * of its own so that the daemon's figures are its own: fabric8's mock API server in CRUD mode,
 * holding the schedule ConfigMap the broker writes in daemon mode for each schedule of a schedules
 * file. Prints the API's URL once every ConfigMap is in, then serves until it is killed. Its
 * watches start at the version the watch asks for, as an API server's do.
 *
 * <p>Usage: {@code KubeStandIn NAMESPACE SCHEDULES_FILE}.
 */
public final class KubeStandIn {

  /**
   * Held: the mock logs a line per request through java.util.logging, which forgets levels of
   * loggers nobody holds.
   */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private KubeStandIn() {}

  public static void main(String[] args) throws Exception {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    String namespace = args[0];
    List<ParsedSchedule> schedules =
        ScheduleDocument.parse("bench", Files.readAllBytes(Path.of(args[1])));
    KubernetesMockServer server = MockApi.start(new ApiServerWatches());
    KubernetesClient client = server.createClient();
    TogglerSettings settings = new TogglerSettings(namespace, "unused", "unused", "unused");
    IntStream.range(0, schedules.size())
        .parallel()
        .forEach(
            i ->
                client
                    .configMaps()
                    .inNamespace(namespace)
                    .resource(
                        SchedulerResources.scheduleConfigMap(
                            ((ParsedSchedule.Valid) schedules.get(i)).schedule(),
                            new Owner("bench-instance", "bench-binding-" + i),
                            settings))
                    .create());
    System.out.println(client.getConfiguration().getMasterUrl());
  }

  /**
   * The mock's CRUD API, except that a watch does not begin with every object again: fabric8's mock
   * sends them all when a watch opens, whatever version it asks for; an API server sends only what
   * changed after it (here: nothing between the informer's list and its watch). Without this the
   * daemon would read its ten thousand ConfigMaps twice while it loads them.
   */
  private static final class ApiServerWatches extends KubernetesCrudDispatcher {
    @Override
    public MockResponse handleWatch(String path) {
      MockResponse response = super.handleWatch(path);
      try {
        Field onOpen = response.getWebSocketListener().getClass().getDeclaredField("onOpenAction");
        onOpen.setAccessible(true);
        onOpen.set(response.getWebSocketListener(), (Consumer<Object>) listener -> {});
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("fabric8's mock watches changed: " + e, e);
      }
      return response;
    }
  }
}
