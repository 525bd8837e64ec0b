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
 * {@code java -jar broker.jar}: configured by environment only (docs/contract.md); the command line
 * has just {@code --help} and {@code --version}.
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
      "SCHEDULER_MODE (cronjob | daemon | auto)."
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
   * fabric8's standard resolution (in-cluster, KUBECONFIG, ~/.kube/config), with retries and
   * timeouts cut so that every OSB answer comes well inside the Cloud Controller's 60 s.
   */
  static Config kubernetesConfig() {
    return new ConfigBuilder(Config.autoConfigure(null))
        .withRequestRetryBackoffLimit(2)
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
