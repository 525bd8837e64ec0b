package io.cfmr.broker;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar broker.jar}: configured by environment only (CONTRACTS.md); the command line has
 * just {@code --help} and {@code --version}.
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
      "SCHEDULER_MODE (cronjob | daemon | auto), BROKER_REQUEST_DEADLINE (45s)."
    })
public final class Main implements Callable<Integer> {

  static final int USAGE = 2;
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine command = new CommandLine(new Main());
    command.setParameterExceptionHandler(
        (e, ignored) -> {
          e.getCommandLine().getErr().println("broker: " + e.getMessage() + " (try --help)");
          return USAGE;
        });
    return command.execute(args);
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
      config = BrokerConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("broker: " + e.getMessage());
      return USAGE;
    }
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kubernetesConfig()).build();
    Broker broker = Broker.start(config, client);
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
