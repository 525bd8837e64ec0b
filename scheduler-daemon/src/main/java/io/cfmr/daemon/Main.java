package io.cfmr.daemon;

import io.cfmr.toggler.DurationConverter;
import io.cfmr.toggler.Version;
import io.cfmr.toggler.credentials.CredentialFlags;
import io.cfmr.toggler.credentials.CredentialsResolver;
import io.cfmr.toggler.logging.LogFormat;
import io.cfmr.toggler.logging.LoggingConfigurator;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
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
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop after this long, e.g. 30m or 1h (a bounded chaos run).")
  Duration duration;

  @Option(
      names = "--leader-election",
      description = "Fire only while holding the Lease cfmr-scheduler-daemon (for replicas).")
  boolean leaderElection;

  @Option(
      names = "--log-format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  LogFormat logFormat;

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
    CommandLine command =
        new CommandLine(new Main(environment)).setCaseInsensitiveEnumValuesAllowed(true);
    command.setParameterExceptionHandler(
        (error, arguments) -> {
          oneLine(error.getCommandLine().getErr(), error.getMessage() + " (see --help)");
          return ExitCodes.USAGE;
        });
    command.setExecutionExceptionHandler(
        (error, cmd, parsed) -> {
          oneLine(cmd.getErr(), error.getMessage());
          return ExitCodes.of(error);
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
          Optional.ofNullable(duration),
          leaderElection,
          logFormat,
          credentials.options(namespace, environment),
          Tuning.defaults(hostname()));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
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

  private static void oneLine(PrintWriter err, String message) {
    String text = message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    err.println("scheduler-daemon: " + text);
    err.flush();
  }
}
