package io.cfmr.daemon;

import io.cfmr.cli.Cli;
import io.cfmr.cli.DurationConverter;
import io.cfmr.cli.LogFormatOption;
import io.cfmr.cli.LoggingConfigurator;
import io.cfmr.cli.Version;
import io.cfmr.toggler.credentials.CredentialFlags;
import io.cfmr.toggler.credentials.CredentialsResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code scheduler-daemon}: parses the command line into a {@link DaemonConfig} and runs it. */
@Command(
    name = "scheduler-daemon",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Runs every app's start/stop schedule in one process and sets Cloud Foundry apps to the state"
          + " their schedule calls for.",
      "Example: scheduler-daemon --schedules schedules.yaml --dry-run"
    })
public final class Main implements Callable<Integer> {

  static final class Source {
    @Option(
        names = "--schedules",
        paramLabel = "FILE",
        required = true,
        description = "YAML or JSON list of schedules; reloaded when it changes.")
    Path file;

    @Option(
        names = "--kubernetes",
        required = true,
        description = "Watch ConfigMaps labelled cfmr.io/schedule=true (key schedule.json).")
    boolean kubernetes;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description =
          "Namespace of the ConfigMaps, the Lease and a --secret (env POD_NAMESPACE, else the"
              + " pod's own).")
  String namespace;

  @Option(
      names = "--dry-run",
      description = "Log and count every toggle; call no Cloud Controller.")
  boolean dryRun;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      defaultValue = "" + DaemonConfig.DEFAULT_METRICS_PORT,
      description = "Port of /metrics, /healthz and /readyz (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--max-concurrent-toggles",
      paramLabel = "N",
      defaultValue = "" + DaemonConfig.DEFAULT_MAX_CONCURRENT_TOGGLES,
      description = "Cloud Controller calls at a time (default: ${DEFAULT-VALUE}).")
  int maxConcurrentToggles;

  @Option(
      names = "--max-toggles-per-second",
      paramLabel = "N",
      defaultValue = "" + Convergence.DEFAULT_MAX_TOGGLES_PER_SECOND,
      description =
          "Toggle tries started per second across the pool, evenly spaced; 0 for no bound"
              + " (default: ${DEFAULT-VALUE}).")
  int maxTogglesPerSecond;

  @Option(
      names = "--retry-max-backoff",
      paramLabel = "DURATION",
      defaultValue = Convergence.DEFAULT_RETRY_MAX_BACKOFF,
      converter = DurationConverter.class,
      description =
          "A failed toggle is retried until it succeeds, waiting from about 1s doubling up to this"
              + " (default: ${DEFAULT-VALUE}).")
  Duration retryMaxBackoff;

  @Option(
      names = "--resync-interval",
      paramLabel = "DURATION",
      defaultValue = Convergence.DEFAULT_RESYNC_INTERVAL,
      converter = ResyncIntervalConverter.class,
      description =
          "Look at every active schedule's app this often and set it back if it drifted (an app"
              + " started by hand is stopped again); 0 turns it off (default: ${DEFAULT-VALUE}).")
  Duration resyncInterval;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop after this long, e.g. 30m or 1h (a bounded chaos run).")
  Duration duration;

  @Option(
      names = "--leader-election",
      description = "Fire only while holding the Lease cfmr-scheduler-daemon (for replicas).")
  boolean leaderElection;

  @Mixin LogFormatOption logFormat;

  @Mixin CredentialFlags credentials;

  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  Main(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  /** Runs the command line; returns the exit code. */
  static int run(String[] args, Map<String, String> environment) {
    CommandLine command = Cli.commandLine(new Main(environment));
    command.setExecutionExceptionHandler(
        (error, cmd, parsed) -> {
          int code = ExitCodes.of(error);
          if (code == ExitCodes.INTERNAL) {
            // A bug: the log keeps the stack trace to report; usage errors stay one line.
            LoggerFactory.getLogger("io.cfmr.daemon")
                .error("internal error, please report it", error);
          }
          cmd.getErr().println(cmd.getCommandName() + ": " + Cli.oneLine(error.getMessage()));
          cmd.getErr().flush();
          return code;
        });
    return command.execute(args);
  }

  @Override
  public Integer call() throws InterruptedException {
    DaemonConfig config = config();
    LoggingConfigurator.use(config.logFormat());
    Daemon daemon = Daemon.start(config, DaemonEnv.production());
    // SIGTERM: stop firing and finish in-flight toggles, then exit 0. A JVM ended by a signal
    // exits 143 however its hooks end, so the hook halts with 0 once the daemon is closed.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  daemon.close();
                  // Not after a failure: the exit code then is the one Main returned.
                  Runtime.getRuntime()
                      .halt(daemon.failure().isPresent() ? ExitCodes.INTERNAL : ExitCodes.OK);
                },
                "cfmr-shutdown"));
    daemon.awaitStop();
    daemon.close();
    return ExitCodes.OK;
  }

  DaemonConfig config() {
    try {
      return new DaemonConfig(
          Optional.ofNullable(source.file),
          source.kubernetes,
          Optional.ofNullable(namespace)
              .or(() -> Optional.ofNullable(environment.get(CredentialsResolver.NAMESPACE_ENV))),
          dryRun,
          metricsPort,
          maxConcurrentToggles,
          new Convergence(retryMaxBackoff, maxTogglesPerSecond, resyncInterval),
          Optional.ofNullable(duration),
          leaderElection,
          logFormat.format(),
          credentials.options(namespace, environment),
          Tuning.defaults(hostname()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** {@code 0} (off) or a duration as {@link DurationConverter} reads it. */
  static final class ResyncIntervalConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return value.trim().equals("0") ? Duration.ZERO : DurationConverter.parse(value);
    }
  }

  private String hostname() {
    String pod = environment.get("HOSTNAME");
    if (pod != null && !pod.isBlank()) {
      return pod;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "scheduler-daemon";
    }
  }
}
