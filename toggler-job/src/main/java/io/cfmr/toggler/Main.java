package io.cfmr.toggler;

import io.cfmr.cli.Cli;
import io.cfmr.cli.DurationConverter;
import io.cfmr.cli.LogFormatOption;
import io.cfmr.cli.LoggingConfigurator;
import io.cfmr.cli.Version;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.schedule.CronSpec;
import io.cfmr.schedule.CronSyntax;
import io.cfmr.schedule.InvalidScheduleException;
import io.cfmr.schedule.PublicHolidays;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleJson;
import io.cfmr.schedule.StartSkips;
import io.cfmr.toggler.cf.ApiVersion;
import io.cfmr.toggler.cf.RetryPolicy;
import io.cfmr.toggler.credentials.CredentialFlags;
import io.cfmr.toggler.credentials.CredentialOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code toggler-job start|stop|reconcile}: the CronJob container's entry point. Parses the command
 * line and the environment once into a {@link TogglerConfig}, runs one {@link Toggler} and exits
 * with the code of docs/contract.md. Exit codes are decided here and in {@link RunReport} only.
 */
@Command(
    name = "toggler-job",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Sets a Cloud Foundry app STARTED or STOPPED through the Cloud Controller, once.",
    subcommandsRepeatable = false,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done, already in that state, or dry run",
      "2:usage or configuration error",
      "3:UAA rejected the credentials",
      "4:app not found, or the credentials may not change it",
      "5:Cloud Controller or UAA unreachable or failing after all retries"
    })
public final class Main {

  /** Where the process gets what lies outside the command line; tests supply their own. */
  public record Environment(
      Map<String, String> variables, Clock clock, Supplier<KubernetesClient> kubernetes) {

    static Environment system() {
      return new Environment(
          System.getenv(), Clock.systemUTC(), () -> new KubernetesClientBuilder().build());
    }
  }

  private final Environment environment;
  private final RetryPolicy retryPolicy;
  @Spec private CommandSpec spec;

  Main(Environment environment, RetryPolicy retryPolicy) {
    this.environment = environment;
    this.retryPolicy = retryPolicy;
  }

  public static void main(String[] args) {
    System.exit(run(args, Environment.system(), RetryPolicy.defaults()));
  }

  /** Runs one command line; returns the exit code. */
  public static int run(String[] args, Environment environment, RetryPolicy retryPolicy) {
    CommandLine commandLine = Cli.commandLine(new Main(environment, retryPolicy));
    commandLine.setExecutionExceptionHandler(Main::internalError);
    return commandLine.execute(args);
  }

  @Command(name = "start", description = "Set the app STARTED.", mixinStandardHelpOptions = true)
  int start(@Mixin CommonOptions options) {
    return toggle(options, new Target.Fixed(AppState.STARTED));
  }

  @Command(name = "stop", description = "Set the app STOPPED.", mixinStandardHelpOptions = true)
  int stop(@Mixin CommonOptions options) {
    return toggle(options, new Target.Fixed(AppState.STOPPED));
  }

  @Command(
      name = "reconcile",
      mixinStandardHelpOptions = true,
      description = {
        "Set the state of whichever schedule fired most recently (STOPPED when both fired at the"
            + " same instant). What the broker's CronJobs run: after an outage Kubernetes runs"
            + " missed jobs late and in either order, and this still lands the app right."
      })
  int reconcile(@Mixin CommonOptions options, @Mixin ScheduleOptions schedule) {
    if (schedule.start == null && schedule.stop == null) {
      throw new ParameterException(
          spec.subcommands().get("reconcile"), "expected --start CRON and/or --stop CRON");
    }
    Schedule parsed;
    try {
      parsed =
          new Schedule(
              options.app,
              Optional.ofNullable(schedule.start),
              Optional.ofNullable(schedule.stop),
              false,
              schedule.timezone,
              false,
              new StartSkips(
                  Optional.ofNullable(schedule.holidays), new TreeSet<>(schedule.skipDates)),
              Optional.empty());
    } catch (InvalidScheduleException e) {
      throw new ParameterException(
          spec.subcommands().get("reconcile"), "--skip-dates: " + e.problem());
    }
    return toggle(options, new Target.Reconcile(parsed));
  }

  private int toggle(CommonOptions options, Target target) {
    LoggingConfigurator.use(options.logFormat.format());
    CredentialOptions credentials =
        options.credentials.options(options.namespace, environment.variables());
    TogglerConfig config =
        new TogglerConfig(
            options.app, target, options.dryRun, options.apiVersion, options.timeout, credentials);
    RunReport report =
        new Toggler(environment.clock(), environment.kubernetes(), retryPolicy).run(config);
    report.log(LoggerFactory.getLogger("io.cfmr.toggler"));
    return report.exitCode();
  }

  /** A bug, not a user error: logged with its stack trace, exit 1. */
  private static int internalError(Exception e, CommandLine commandLine, ParseResult parsed) {
    LoggerFactory.getLogger("io.cfmr.toggler").error("internal error, please report it", e);
    return Cli.SOFTWARE;
  }

  /** The options every subcommand takes. */
  static final class CommonOptions {
    @Option(
        names = "--app-guid",
        required = true,
        paramLabel = "GUID",
        converter = AppGuidConverter.class,
        description = "The app's GUID (cf app NAME --guid).")
    AppGuid app;

    @Option(names = "--dry-run", description = "Log what would be done; call nothing.")
    boolean dryRun;

    @Option(
        names = "--api-version",
        defaultValue = "auto",
        paramLabel = "auto|v3|v2",
        converter = ApiVersionConverter.class,
        description =
            "Cloud Controller API: v3 actions, v2 PUT, or auto (v3 where advertised). Default:"
                + " ${DEFAULT-VALUE}.")
    ApiVersion apiVersion;

    @Option(
        names = "--timeout",
        defaultValue = "60s",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "Give up retrying after this long. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Mixin LogFormatOption logFormat;

    @Mixin CredentialFlags credentials;

    @Option(
        names = "--namespace",
        paramLabel = "NS",
        description = "The Secret's namespace (env POD_NAMESPACE, else the pod's own).")
    String namespace;
  }

  /** The schedule {@code reconcile} follows, in Kubernetes CronJob syntax. */
  static final class ScheduleOptions {
    @Option(
        names = "--start",
        paramLabel = "CRON",
        converter = CronConverter.class,
        description = "When the app is started, e.g. '0 8 * * 1-5'.")
    CronSpec start;

    @Option(
        names = "--stop",
        paramLabel = "CRON",
        converter = CronConverter.class,
        description = "When the app is stopped, e.g. '0 18 * * 1-5'.")
    CronSpec stop;

    @Option(
        names = "--timezone",
        defaultValue = "UTC",
        paramLabel = "ZONE",
        converter = ZoneConverter.class,
        description = "The zone both are read in (IANA name). Default: ${DEFAULT-VALUE}.")
    ZoneId timezone;

    @Option(
        names = "--holidays",
        paramLabel = "CODE",
        converter = HolidaysConverter.class,
        description =
            "Public holidays on which --start does not fire (--stop does): an ISO 3166 country,"
                + " optionally with its subdivision, e.g. DE, DE-BY, US-NY, GB.")
    PublicHolidays holidays;

    @Option(
        names = "--skip-dates",
        paramLabel = "DATE",
        split = ",",
        converter = DateConverter.class,
        description =
            "Local dates (in --timezone) on which --start does not fire, e.g."
                + " 2026-12-24,2026-12-31; at most 366.")
    List<LocalDate> skipDates = new ArrayList<>();
  }

  // picocli builds converters reflectively, one class per option; each defers to the model's parser
  // so that the toggler, the broker and the daemon reject the same input with the same words.

  static final class AppGuidConverter implements CommandLine.ITypeConverter<AppGuid> {
    @Override
    public AppGuid convert(String value) {
      return modelError(() -> AppGuid.parse("--app-guid", value));
    }
  }

  static final class CronConverter implements CommandLine.ITypeConverter<CronSpec> {
    @Override
    public CronSpec convert(String value) {
      return modelError(() -> CronSpec.parse("cron", value, CronSyntax.KUBERNETES));
    }
  }

  static final class HolidaysConverter implements CommandLine.ITypeConverter<PublicHolidays> {
    @Override
    public PublicHolidays convert(String value) {
      return modelError(() -> PublicHolidays.parse(value));
    }
  }

  static final class DateConverter implements CommandLine.ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      return modelError(() -> StartSkips.date(value));
    }
  }

  static final class ZoneConverter implements CommandLine.ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
      return modelError(() -> ScheduleJson.zone("--timezone", value));
    }
  }

  static final class ApiVersionConverter implements CommandLine.ITypeConverter<ApiVersion> {
    @Override
    public ApiVersion convert(String value) {
      return modelError(() -> ApiVersion.parse(value));
    }
  }

  private static <T> T modelError(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidScheduleException e) {
      // picocli names the option itself; give it only what is wrong and what is expected.
      throw new CommandLine.TypeConversionException(e.problem());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    } catch (TogglerException e) {
      throw new CommandLine.TypeConversionException(
          e.getMessage().replaceFirst("^--[a-z-]+: ", ""));
    }
  }
}
