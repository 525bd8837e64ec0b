package io.cfmr.broker;

import io.cfmr.cli.Cli;
import io.cfmr.cli.LogFormatOption;
import io.cfmr.cli.LoggingConfigurator;
import io.cfmr.cli.Version;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar broker.jar}: configured by environment (docs/contract.md); the command line has
 * just {@code --help}, {@code --version} and {@code --log-format} (also env {@code LOG_FORMAT}).
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "The cfmr Open Service Broker: scheduler/appstate and network-policy/c2c.",
      "Configured by environment: BROKER_USERNAME, BROKER_PASSWORD (required), PORT (8080),",
      "SCHEDULER_NAMESPACE (cfmr), C2C_NAMESPACE (cfmr-eirini), TOGGLER_IMAGE,",
      "TOGGLER_SECRET (cfmr-scheduler-credentials), TOGGLER_SERVICE_ACCOUNT (cfmr-toggler),",
      "SCHEDULER_MODE (cronjob | daemon | auto), BROKER_REQUEST_DEADLINE (45s),",
      "LOG_FORMAT (text | json),",
      "TLS_CERT_FILE and TLS_KEY_FILE (PEM certificate chain and PKCS#8 key: HTTPS only)."
    })
public final class Main implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @Mixin LogFormatOption logFormat;
  @Spec CommandSpec spec;

  private final Map<String, String> environment;

  Main(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static void main(String[] args) {
    System.exit(run(System.getenv(), args));
  }

  static int run(Map<String, String> environment, String... args) {
    return Cli.commandLine(new Main(environment)).execute(args);
  }

  /**
   * fabric8's standard resolution (in-cluster, KUBECONFIG, ~/.kube/config), without fabric8's
   * retries: it would re-send a create whose first answer was lost; the broker retries itself,
   * after checking (docs/broker-consistency.md). OSB requests cut each call's timeout further to
   * their deadline.
   */
  static Config kubernetesConfig() {
    return new ConfigBuilder(Config.autoConfigure(null))
        .withRequestRetryBackoffLimit(0)
        .withConnectionTimeout(5_000)
        .withRequestTimeout(15_000)
        .build();
  }

  @Override
  public Integer call() {
    BrokerConfig config;
    try {
      LoggingConfigurator.use(logFormat.format(environment));
      config = BrokerConfig.fromEnvironment(environment);
    } catch (IllegalArgumentException e) {
      // The environment is the broker's usage: its variables are in --help.
      return Cli.usageError(spec.commandLine().getErr(), spec.name(), e.getMessage());
    }
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kubernetesConfig()).build();
    Broker broker;
    try {
      broker = Broker.start(config, client);
    } catch (IllegalArgumentException e) {
      // The TLS files the environment names do not hold a usable pair.
      client.close();
      return Cli.usageError(spec.commandLine().getErr(), spec.name(), e.getMessage());
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.close();
                  client.close();
                }));
    LOG.info("serving OSB on port {} with {}", broker.port(), config);
    broker.awaitShutdown();
    return 0;
  }
}
