package io.cfmr.daemon;

import io.cfmr.daemon.leader.Leadership;
import io.cfmr.daemon.leader.LeaseLeadership;
import io.cfmr.daemon.metrics.DaemonMetrics;
import io.cfmr.daemon.metrics.Health;
import io.cfmr.daemon.metrics.HttpEndpoints;
import io.cfmr.daemon.metrics.PrometheusMetrics;
import io.cfmr.daemon.schedule.ConfigMapScheduleSource;
import io.cfmr.daemon.schedule.FileScheduleSource;
import io.cfmr.daemon.schedule.ScheduleSource;
import io.cfmr.daemon.toggle.AppToggler;
import io.cfmr.daemon.toggle.CfAppToggler;
import io.cfmr.daemon.toggle.Divergence;
import io.cfmr.daemon.toggle.Pace;
import io.cfmr.daemon.toggle.ToggleDispatcher;
import io.cfmr.daemon.toggle.Toggled;
import io.cfmr.daemon.trigger.QuartzTriggers;
import io.cfmr.daemon.trigger.Resync;
import io.cfmr.daemon.trigger.ScheduleRunner;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.credentials.CfCredentials;
import io.cfmr.toggler.credentials.CredentialsResolver;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The running daemon: wires the capabilities together, and stops them in the order that loses
 * nothing (stop firing, stop reading schedules, finish toggles, release the Lease, stop serving).
 */
public final class Daemon implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("io.cfmr.daemon");

  /** On top of the toggle timeout, before a toggle's pool slot is taken back regardless. */
  private static final Duration SLOT_MARGIN = Duration.ofSeconds(10);

  /** Stands in for the Cloud Controller in a global dry run, where no request reaches it. */
  private static final AppToggler NO_CLOUD_CONTROLLER =
      (app, state) -> Mono.error(new IllegalStateException("dry run: no Cloud Controller"));

  private final DaemonConfig config;
  private final DaemonEnv env;
  private final Health health = new Health(this::fail);
  private final PrometheusMetrics prometheus = new PrometheusMetrics();
  private final DaemonMetrics metrics;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicReference<IllegalStateException> failure = new AtomicReference<>();
  private CompletableFuture<HttpEndpoints> endpoints = CompletableFuture.completedFuture(null);
  private CompletableFuture<AppToggler> cloudController = CompletableFuture.completedFuture(null);
  private ToggleDispatcher dispatcher;
  private ScheduleRunner runner;
  private Resync resync;
  private KubernetesClient kubernetes;
  private ScheduleSource source;
  private Leadership leadership;

  private Daemon(DaemonConfig config, DaemonEnv env) {
    this.config = config;
    this.env = env;
    this.metrics = DaemonMetrics.both(prometheus, env.listener());
  }

  /**
   * Starts everything; returns once the schedules are loaded (and, without leader election, the
   * apps reconciled and the triggers firing).
   *
   * @throws RuntimeException mapped to an exit code by {@link ExitCodes}; whatever had started is
   *     stopped again
   */
  public static Daemon start(DaemonConfig config, DaemonEnv env) {
    Daemon daemon = new Daemon(config, env);
    try {
      daemon.startParts();
    } catch (RuntimeException e) {
      daemon.close();
      throw e;
    }
    return daemon;
  }

  private void startParts() {
    Tuning tuning = config.tuning();
    Convergence convergence = config.convergence();
    // The endpoints and the Cloud Controller client start beside the loading of the schedules: in a
    // cold JVM each takes a few hundred milliseconds. Credentials are resolved first, here, so
    // that missing ones fail the start before anything is loaded.
    endpoints = beside("endpoints", this::bind);
    Pace pace =
        new Pace(
            convergence.maxTogglesPerSecond(), convergence.retryMaxBackoff(), System::nanoTime);
    Divergence divergence = new Divergence(metrics);
    if (config.dryRun()) {
      cloudController = CompletableFuture.completedFuture(NO_CLOUD_CONTROLLER);
    } else {
      CfCredentials credentials =
          CredentialsResolver.resolve(config.credentials(), env.kubernetes());
      cloudController =
          beside(
              "cloud-controller",
              () ->
                  env.togglers()
                      .create(
                          credentials,
                          tuning.toggleTimeout(),
                          CfAppToggler.events(metrics, pace, divergence)));
    }
    dispatcher =
        new ToggleDispatcher(
            this::toggle,
            config.maxConcurrentToggles(),
            tuning.toggleTimeout().plus(SLOT_MARGIN),
            convergence.retryPolicy(),
            pace,
            divergence,
            metrics);
    runner =
        new ScheduleRunner(
            env.clock(),
            config.dryRun(),
            dispatcher,
            metrics,
            handler ->
                QuartzTriggers.create(handler, tuning.quartzThreads(), tuning.misfireThreshold()));
    Optional<String> namespace = Optional.empty();
    if (config.needsKubernetes()) {
      kubernetes = env.kubernetes().get();
      namespace = Optional.of(namespace());
    }
    source =
        config.kubernetes()
            ? new ConfigMapScheduleSource(
                kubernetes, namespace.orElseThrow(), health.condition("schedule source"))
            : new FileScheduleSource(
                config.schedulesFile().orElseThrow(),
                tuning.pollInterval(),
                health.condition("schedule source"));
    source.start(runner);
    // Both have started before the runner can activate and toggle; a failure fails the start.
    awaitStarted(endpoints);
    awaitStarted(cloudController);
    leadership =
        config.leaderElection()
            ? new LeaseLeadership(
                kubernetes,
                namespace.orElseThrow(),
                tuning.leaseName(),
                tuning.identity(),
                tuning.lease(),
                health.condition("leader election"))
            : Leadership.always();
    leadership.start(runner::activate, runner::deactivate);
    if (convergence.resyncs()) {
      resync =
          new Resync(
              runner,
              dispatcher,
              convergence.resyncInterval(),
              metrics,
              health.condition("resync"));
      resync.start();
    }
    health.ready();
    LOG.atInfo()
        .setMessage("scheduler daemon running")
        .addKeyValue("dry_run", config.dryRun())
        .addKeyValue("metrics_port", metricsPort())
        .addKeyValue("max_concurrent_toggles", config.maxConcurrentToggles())
        .addKeyValue("max_toggles_per_second", convergence.maxTogglesPerSecond())
        .addKeyValue("resync_interval", convergence.resyncInterval())
        .addKeyValue("leader_election", config.leaderElection())
        .log();
  }

  /**
   * What the dispatcher calls. The client is in place before anything toggles: {@link #startParts}
   * waits for it before the runner can activate.
   */
  private Mono<Toggled> toggle(AppGuid app, AppState state) {
    return cloudController.join().setState(app, state);
  }

  /** Starts a part on a thread of its own. */
  private static <T> CompletableFuture<T> beside(String part, Supplier<T> start) {
    return CompletableFuture.supplyAsync(
        start,
        task -> {
          Thread thread = new Thread(task, "cfmr-start-" + part);
          thread.setDaemon(true);
          thread.start();
        });
  }

  /** Waits until the part has started; throws what its start threw, as it threw it. */
  private static void awaitStarted(CompletableFuture<?> part) {
    try {
      part.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  private HttpEndpoints bind() {
    try {
      return HttpEndpoints.start(config.metricsPort(), prometheus, health);
    } catch (RuntimeException e) {
      throw new ConfigException(
          "cannot serve metrics on port "
              + config.metricsPort()
              + " ("
              + e.getMessage()
              + "); choose another with --metrics-port",
          e);
    }
  }

  private String namespace() {
    return config
        .namespace()
        .or(() -> Optional.ofNullable(kubernetes.getNamespace()).filter(ns -> !ns.isBlank()))
        .orElseThrow(
            () ->
                new ConfigException(
                    "no Kubernetes namespace known; pass --namespace NS or set POD_NAMESPACE"));
  }

  /**
   * A part cannot recover in place: stop, so that {@link #awaitStop()} fails and the process exits
   * non-zero for Kubernetes to restart it. Closing runs on its own thread, as the caller may be one
   * that closing stops.
   */
  private void fail(String reason, Throwable cause) {
    LOG.atError().setMessage("cannot go on, stopping: " + reason).setCause(cause).log();
    if (failure.compareAndSet(null, new IllegalStateException(reason, cause))) {
      Thread stopper = new Thread(this::close, "cfmr-failure-stop");
      stopper.setDaemon(true);
      stopper.start();
    }
  }

  /** Why the daemon stopped on its own, if it did. */
  public Optional<IllegalStateException> failure() {
    return Optional.ofNullable(failure.get());
  }

  /**
   * Waits until {@link #close()} is called, or {@code --duration} has passed.
   *
   * @return true when the duration ran out
   * @throws IllegalStateException when a part failed beyond recovery and stopped the daemon
   */
  public boolean awaitStop() throws InterruptedException {
    boolean ranOut = awaitCloseOrDuration();
    failure()
        .ifPresent(
            e -> {
              throw e;
            });
    return ranOut;
  }

  private boolean awaitCloseOrDuration() throws InterruptedException {
    if (config.duration().isEmpty()) {
      stopped.await();
      return false;
    }
    boolean closed = stopped.await(config.duration().get().toMillis(), TimeUnit.MILLISECONDS);
    if (!closed) {
      LOG.atInfo()
          .setMessage("duration over, stopping")
          .addKeyValue("duration", config.duration().get())
          .log();
    }
    return !closed;
  }

  public int metricsPort() {
    return endpoints.join().port();
  }

  public ScheduleRunner runner() {
    return runner;
  }

  public ToggleDispatcher toggles() {
    return dispatcher;
  }

  public Health health() {
    return health;
  }

  /** Stops firing, lets queued and in-flight toggles finish (bounded), then stops the rest. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    health.stopping();
    if (runner != null) {
      runner.deactivate();
    }
    quietly(source);
    quietly(resync);
    if (dispatcher != null) {
      try {
        dispatcher.close(config.tuning().shutdownGrace());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    quietly(leadership);
    quietly(runner);
    // A part still starting (a start that failed meanwhile) is closed once it has started.
    cloudController.thenAccept(
        made -> {
          if (made instanceof AutoCloseable closeable) {
            quietly(closeable);
          }
        });
    quietly(kubernetes);
    endpoints.thenAccept(Daemon::quietly);
    stopped.countDown();
    if (runner != null) {
      LOG.info("scheduler daemon stopped");
    }
  }

  private static void quietly(AutoCloseable resource) {
    if (resource == null) {
      return;
    }
    try {
      resource.close();
    } catch (Exception e) {
      LOG.atWarn()
          .setMessage("stopping " + resource.getClass().getSimpleName() + " failed")
          .setCause(e)
          .log();
    }
  }
}
