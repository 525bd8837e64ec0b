package io.cfmr.broker.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfmr.broker.BrokerConfig;
import io.cfmr.broker.health.BrokerMetrics;
import io.cfmr.broker.osb.Json;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.cfmr.broker.tls.TlsFiles;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every kustomization under {@code deploy/} renders with the real tool ({@link Kustomize}), what it
 * renders parses into fabric8's typed objects with no unknown field, every kustomization lists its
 * folder's files, the base leaves the CF apps' namespace alone, and the broker's and daemon's pods
 * are what the contract and a restricted namespace ask for.
 */
class DeployManifestsTest {

  /** docs/contract.md, "broker". */
  private static final Set<String> BROKER_ENV =
      Set.of(
          "BROKER_USERNAME",
          "BROKER_PASSWORD",
          "PORT",
          "SCHEDULER_NAMESPACE",
          "C2C_NAMESPACE",
          "TOGGLER_IMAGE",
          "TOGGLER_SECRET",
          "TOGGLER_SERVICE_ACCOUNT",
          "SCHEDULER_MODE");

  /** docs/contract.md, "CF credentials". */
  private static final Set<String> CREDENTIAL_KEYS =
      Set.of("api", "client_id", "client_secret", "username", "password", "skip_ssl_validation");

  /** The platform's namespace, where Eirini runs every CF app. */
  private static final String APPS_NAMESPACE = "cfmr-eirini";

  @Test
  void everyKustomizationRendersAndEveryComponentIsUsedByOne() {
    List<Path> dirs = DeployFiles.kustomizationDirs();
    assertThat(dirs)
        .extracting(d -> DeployFiles.DEPLOY.relativize(d).toString())
        .containsExactlyInAnyOrder(
            "base",
            "overlays/daemon",
            "overlays/bare-cluster",
            "overlays/tls",
            "monitoring",
            "components/eirini-namespace");
    Set<Path> usedComponents = new HashSet<>();
    for (Path dir : dirs) {
      if (DeployFiles.isComponent(dir)) {
        continue;
      }
      assertThat(DeployFiles.rendered(dir)).as("%s renders objects", dir).isNotEmpty();
      DeployFiles.stringList(DeployFiles.kustomization(dir), "components")
          .forEach(c -> usedComponents.add(dir.resolve(c).normalize()));
    }
    assertThat(usedComponents)
        .as("every Component is rendered, as part of a Kustomization")
        .containsAll(dirs.stream().filter(DeployFiles::isComponent).toList());
  }

  @Test
  void whatEveryKustomizationRendersParsesIntoTypedObjectsWithNoUnknownField() {
    for (Path dir : renderable()) {
      for (HasMetadata object : DeployFiles.rendered(dir)) {
        String what = dir + ": " + DeployFiles.id(object);
        if (object instanceof GenericKubernetesResource generic) {
          // CRDs fabric8 has no model for: the Prometheus Operator's and cert-manager's, checked
          // below.
          assertThat(generic.getApiVersion() + " " + generic.getKind())
              .as(what)
              .isIn(
                  "monitoring.coreos.com/v1 ServiceMonitor",
                  "monitoring.coreos.com/v1 PrometheusRule",
                  "cert-manager.io/v1 Certificate");
        } else {
          assertThat(unknownFields(object, "", new IdentityHashMap<>()))
              .as("%s: fields the Kubernetes API does not know", what)
              .isEmpty();
        }
        assertThat(object.getMetadata().getName()).as(what).isNotBlank();
        if (!object.getKind().equals("Namespace")) {
          assertThat(object.getMetadata().getNamespace()).as(what).isIn("cfmr", APPS_NAMESPACE);
        }
      }
    }
  }

  @Test
  void onlyTheBareClusterOverlayCreatesTheAppsNamespaceSoDeletingTheBaseCannotDeleteIt() {
    for (Path dir : renderable()) {
      boolean creates =
          DeployFiles.rendered(dir).stream()
              .anyMatch(
                  o ->
                      o.getKind().equals("Namespace")
                          && o.getMetadata().getName().equals(APPS_NAMESPACE));
      assertThat(creates)
          .as("%s renders Namespace %s", dir, APPS_NAMESPACE)
          .isEqualTo(dir.equals(DeployFiles.BARE_CLUSTER));
    }
    // The base owns its own namespace, and only places the broker's Role in the apps' one.
    List<HasMetadata> base = DeployFiles.rendered(DeployFiles.BASE);
    assertThat(find(base, "Namespace", null, "cfmr")).isNotNull();
    assertThat(base)
        .filteredOn(o -> APPS_NAMESPACE.equals(o.getMetadata().getNamespace()))
        .extracting(DeployFiles::id)
        .containsExactlyInAnyOrder(
            "Role " + APPS_NAMESPACE + "/cfmr-broker",
            "RoleBinding " + APPS_NAMESPACE + "/cfmr-broker");
  }

  @Test
  void everyKustomizationListsEveryFileOfItsFolderAndOnlyFilesThatExist() throws IOException {
    Set<Path> manifestDirs = new HashSet<>();
    for (Path dir : DeployFiles.kustomizationDirs()) {
      manifestDirs.add(dir);
      Map<String, Object> k = DeployFiles.kustomization(dir);
      Set<String> listed = new LinkedHashSet<>(DeployFiles.stringList(k, "resources"));
      listed.addAll(DeployFiles.stringList(k, "components"));
      DeployFiles.mapList(k, "patches").forEach(p -> listed.add((String) p.get("path")));
      DeployFiles.mapList(k, "configMapGenerator")
          .forEach(g -> listed.addAll(DeployFiles.stringList(g, "files")));
      for (String entry : listed) {
        Path target = dir.resolve(entry).normalize();
        assertThat(
                Files.isRegularFile(target)
                    || Files.isRegularFile(target.resolve("kustomization.yaml")))
            .as("%s lists %s, which does not exist", dir, entry)
            .isTrue();
      }
      try (Stream<Path> here = Files.list(dir)) {
        List<String> files =
            here.filter(Files::isRegularFile)
                .map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))
                .filter(n -> !n.equals("kustomization.yaml"))
                .toList();
        assertThat(listed).as("%s lists every file of its folder", dir).containsAll(files);
      }
    }
    // and no manifest outside a kustomization's folder (deploy/examples is not manifests)
    assertThat(DeployFiles.yamlFiles())
        .allSatisfy(f -> assertThat(manifestDirs).contains(f.getParent()));
  }

  @Test
  void theBrokerRunsNonRootWithAReadOnlyRootAndProbes() {
    Deployment broker = deployment(DeployFiles.rendered(DeployFiles.BASE), "cfmr-broker");
    assertHardened(broker, "broker", "http", 8080);
  }

  @Test
  void theDaemonRunsNonRootWithAReadOnlyRootAndProbesAsTwoLeaderElectedReplicas() {
    Deployment daemon =
        deployment(DeployFiles.rendered(DeployFiles.DAEMON), "cfmr-scheduler-daemon");
    assertHardened(daemon, "scheduler-daemon", "metrics", 9090);
    assertThat(daemon.getSpec().getReplicas()).isEqualTo(2);
    Container container = container(daemon, "scheduler-daemon");
    assertThat(container.getArgs())
        .containsExactly(
            "--kubernetes",
            "--namespace",
            "cfmr",
            "--leader-election",
            "--secret",
            "cfmr-scheduler-credentials",
            "--metrics-port",
            "9090");
    assertThat(container.getEnv())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getName()).isEqualTo("POD_NAMESPACE");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                  .isEqualTo("metadata.namespace");
            });
  }

  @Test
  void theBrokersEnvironmentIsTheContractsAndConfiguresTheBroker() {
    List<HasMetadata> base = DeployFiles.rendered(DeployFiles.BASE);
    Container broker = container(deployment(base, "cfmr-broker"), "broker");
    assertThat(broker.getEnv())
        .extracting(EnvVar::getName)
        .containsExactlyInAnyOrderElementsOf(BROKER_ENV);

    Map<String, String> env = environment(base, broker, Map.of("password", "filled-in"));
    BrokerConfig config = BrokerConfig.fromEnvironment(env);
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.schedulerNamespace()).isEqualTo("cfmr");
    assertThat(config.c2cNamespace()).isEqualTo("cfmr-eirini");
    assertThat(config.togglerSecret()).isEqualTo("cfmr-scheduler-credentials");
    assertThat(config.togglerServiceAccount()).isEqualTo("cfmr-toggler");
    assertThat(config.togglerImage()).isEqualTo("cfmr/toggler-job:latest");
    assertThat(config.schedulerMode()).isEqualTo(SchedulerMode.CRONJOB);
    assertThat(config.password()).isEqualTo("filled-in");

    // The template as shipped: the broker refuses to start rather than run with a known password.
    assertThatThrownBy(() -> BrokerConfig.fromEnvironment(environment(base, broker, Map.of())))
        .hasMessageContaining("BROKER_PASSWORD");

    // What the broker names exists here: the toggler's service account, the credentials Secret.
    assertThat(find(base, "ServiceAccount", "cfmr", config.togglerServiceAccount())).isNotNull();
    assertThat(find(base, "ServiceAccount", "cfmr", "cfmr-broker")).isNotNull();
    assertThat(((Secret) find(base, "Secret", "cfmr", config.togglerSecret())).getStringData())
        .containsOnlyKeys(CREDENTIAL_KEYS);
  }

  @Test
  void theTlsOverlayServesHttpsOn443WithThePairCertManagerKeeps() {
    List<HasMetadata> rendered = DeployFiles.rendered(DeployFiles.TLS);
    Deployment deployment = deployment(rendered, "cfmr-broker");
    Container broker = container(deployment, "broker");
    TlsFiles files =
        BrokerConfig.fromEnvironment(environment(rendered, broker, Map.of("password", "x")))
            .tls()
            .orElseThrow();
    JsonNode certificate =
        Json.MAPPER.valueToTree(
            ((GenericKubernetesResource) find(rendered, "Certificate", "cfmr", "cfmr-broker-tls"))
                .getAdditionalProperties()
                .get("spec"));
    assertThat(certificate.path("privateKey").path("encoding").asText()).isEqualTo("PKCS8");
    assertThat(certificate.path("dnsNames").toString()).contains("\"cfmr-broker.cfmr.svc\"");
    assertThat(certificate.path("issuerRef").path("name").asText()).isEqualTo("replace-me");

    // The files the broker reads are the Secret cert-manager fills.
    VolumeMount mount =
        broker.getVolumeMounts().stream()
            .filter(m -> files.certificate().startsWith(m.getMountPath()))
            .findFirst()
            .orElseThrow();
    assertThat(files.certificate()).isEqualTo(Path.of(mount.getMountPath(), "tls.crt"));
    assertThat(files.key()).isEqualTo(Path.of(mount.getMountPath(), "tls.key"));
    assertThat(
            deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName()))
                .map(v -> v.getSecret().getSecretName()))
        .containsExactly(certificate.path("secretName").asText());

    for (Probe probe :
        List.of(broker.getLivenessProbe(), broker.getReadinessProbe(), broker.getStartupProbe())) {
      assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
    }
    assertThat(((Service) find(rendered, "Service", "cfmr", "cfmr-broker")).getSpec().getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort()).isEqualTo(443);
              assertThat(broker.getPorts())
                  .extracting(ContainerPort::getName)
                  .contains(p.getTargetPort().getStrVal());
            });
  }

  @Test
  void theDaemonOverlaySwitchesTheBrokerToDaemonMode() {
    List<HasMetadata> rendered = DeployFiles.rendered(DeployFiles.DAEMON);
    Container broker = container(deployment(rendered, "cfmr-broker"), "broker");
    BrokerConfig config =
        BrokerConfig.fromEnvironment(environment(rendered, broker, Map.of("password", "x")));
    assertThat(config.schedulerMode()).isEqualTo(SchedulerMode.DAEMON);
  }

  /**
   * The {@code images:} entries reach the containers (the tag appears only where kustomize matched
   * the name), so {@code kustomize edit set image cfmr/broker=...} in a user's overlay works.
   */
  @Test
  void kustomizeSetsTheImagesOfEveryContainer() {
    assertThat(images(DeployFiles.rendered(DeployFiles.BASE)))
        .containsExactlyInAnyOrder("cfmr/broker:latest");
    assertThat(images(DeployFiles.rendered(DeployFiles.DAEMON)))
        .containsExactlyInAnyOrder("cfmr/broker:latest", "cfmr/scheduler-daemon:latest");
  }

  @Test
  void servicesAndServiceMonitorsReachTheContainersPorts() {
    List<HasMetadata> rendered = DeployFiles.rendered(DeployFiles.DAEMON);
    List<HasMetadata> monitors =
        DeployFiles.rendered(DeployFiles.MONITORING).stream()
            .filter(o -> o.getKind().equals("ServiceMonitor"))
            .toList();
    assertThat(monitors).hasSize(2);
    for (String name : List.of("cfmr-broker", "cfmr-scheduler-daemon")) {
      Service service = (Service) find(rendered, "Service", "cfmr", name);
      Deployment deployment = deployment(rendered, name);
      Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
      assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
      Set<String> containerPorts =
          deployment.getSpec().getTemplate().getSpec().getContainers().stream()
              .flatMap(c -> c.getPorts().stream())
              .map(ContainerPort::getName)
              .collect(Collectors.toSet());
      for (ServicePort port : service.getSpec().getPorts()) {
        assertThat(containerPorts).contains(port.getTargetPort().getStrVal());
      }
      GenericKubernetesResource monitor =
          (GenericKubernetesResource) find(monitors, "ServiceMonitor", "cfmr", name);
      JsonNode spec = Json.MAPPER.valueToTree(monitor.getAdditionalProperties().get("spec"));
      spec.path("selector")
          .path("matchLabels")
          .properties()
          .forEach(
              e ->
                  assertThat(service.getMetadata().getLabels())
                      .containsEntry(e.getKey(), e.getValue().asText()));
      assertThat(spec.path("endpoints")).isNotEmpty();
      spec.path("endpoints")
          .forEach(
              endpoint ->
                  assertThat(service.getSpec().getPorts())
                      .extracting(ServicePort::getName)
                      .contains(endpoint.path("port").asText()));
    }
    assertThat(((Service) find(rendered, "Service", "cfmr", "cfmr-broker")).getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(80));
  }

  @Test
  void theDashboardShowsTheMetricsTheProgramsExpose() throws IOException {
    JsonNode dashboard = dashboard();
    List<String> expressions = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
    String all = String.join("\n", expressions);
    String requests = BrokerMetrics.REQUESTS.replace('.', '_') + "_seconds";
    String kubernetesErrors = BrokerMetrics.KUBERNETES_ERRORS.replace('.', '_') + "_total";
    assertThat(all)
        .contains(
            "cfmr_toggles_total",
            "cfmr_trigger_lag_seconds_bucket",
            "cfmr_schedules",
            requests + "_count",
            kubernetesErrors);
  }

  /**
   * The alert rules render as one PrometheusRule whose every alert waits, has a severity and tells
   * the operator what happened; the metric names are checked against the daemon's real scrape in
   * scheduler-daemon's MonitoringMetricNamesTest (the daemon is not on this module's classpath).
   */
  @Test
  void theAlertRulesRenderAsAPrometheusRuleThatAlertsOnAppsDivergedForFifteenMinutes() {
    GenericKubernetesResource rule =
        (GenericKubernetesResource)
            find(
                DeployFiles.rendered(DeployFiles.MONITORING),
                "PrometheusRule",
                "cfmr",
                "cfmr-scheduler");
    JsonNode spec = Json.MAPPER.valueToTree(rule.getAdditionalProperties().get("spec"));
    List<JsonNode> alerts = new ArrayList<>();
    spec.path("groups").forEach(g -> g.path("rules").forEach(alerts::add));
    assertThat(alerts)
        .extracting(a -> a.path("alert").asText())
        .containsExactlyInAnyOrder("CfmrAppsDiverged", "CfmrScheduledToggleFailed");
    assertThat(alerts)
        .allSatisfy(
            alert -> {
              assertThat(alert.path("expr").asText()).as("expr").isNotBlank();
              assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warning");
              assertThat(alert.path("annotations").path("summary").asText()).isNotBlank();
              assertThat(alert.path("annotations").path("description").asText()).isNotBlank();
            });
    JsonNode diverged =
        alerts.stream()
            .filter(a -> a.path("alert").asText().equals("CfmrAppsDiverged"))
            .findFirst()
            .orElseThrow();
    assertThat(diverged.path("expr").asText()).contains("cfmr_apps_diverged").endsWith("> 0");
    assertThat(diverged.path("for").asText()).isEqualTo("15m");
    assertThat(diverged.path("annotations").path("description").asText())
        .contains("outcome=failed", "403", "SpaceDeveloper", "by hand");
  }

  /** Grafana lays out what the JSON says: ids unique, no two panels on the same cell. */
  @Test
  void theDashboardsPanelsHaveUniqueIdsAndDoNotOverlap() throws IOException {
    JsonNode panels = dashboard().path("panels");
    Set<Integer> ids = new HashSet<>();
    Map<String, String> cells = new HashMap<>();
    for (JsonNode panel : panels) {
      String title = panel.path("title").asText();
      assertThat(ids.add(panel.path("id").asInt())).as("id of %s is unique", title).isTrue();
      JsonNode grid = panel.path("gridPos");
      int x = grid.path("x").asInt();
      int y = grid.path("y").asInt();
      assertThat(x + grid.path("w").asInt())
          .as("%s fits the 24 columns", title)
          .isLessThanOrEqualTo(24);
      for (int row = y; row < y + grid.path("h").asInt(); row++) {
        for (int column = x; column < x + grid.path("w").asInt(); column++) {
          String other = cells.put(column + "," + row, title);
          assertThat(other).as("%s overlaps %s at %s,%s", title, other, column, row).isNull();
        }
      }
    }
  }

  @Test
  void theDockerfilesBuildNonRootJreImagesOfTheJars() throws IOException {
    for (String jar : List.of("broker", "scheduler-daemon", "toggler-job")) {
      String dockerfile =
          Files.readString(DeployFiles.DEPLOY.resolve("docker/" + jar + ".Dockerfile"));
      assertThat(dockerfile)
          .as(jar)
          .contains("FROM eclipse-temurin:17-jre")
          .contains("COPY " + jar + "/target/" + jar + ".jar /app/" + jar + ".jar")
          .contains("USER 65532")
          .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/" + jar + ".jar\"]");
    }
  }

  @Test
  void theJobAndDaemonImagesLoadTheirClassesFromTheArchiveOfTheirTrainingRun() throws IOException {
    Map<String, String> trainingRuns =
        Map.of(
            "toggler-job", "io.cfmr.toggler.training.TrainingRun",
            "scheduler-daemon", "io.cfmr.daemon.training.TrainingRun");
    for (Map.Entry<String, String> image : trainingRuns.entrySet()) {
      String jar = image.getKey();
      String archive = "/app/" + jar + ".jsa";
      String dockerfile =
          Files.readString(DeployFiles.DEPLOY.resolve("docker/" + jar + ".Dockerfile"));
      assertThat(dockerfile)
          .as(jar)
          .contains("RUN java -XX:ArchiveClassesAtExit=" + archive + " $JVM_TUNING")
          .contains("-cp /app/" + jar + ".jar " + image.getValue())
          .contains("ENV JDK_JAVA_OPTIONS=\"-XX:SharedArchiveFile=" + archive + " $JVM_TUNING\"");
    }
  }

  // ---- rendering and helpers -------------------------------------------------------------------

  /** The Kustomizations (not Components, which render only inside one). */
  private static List<Path> renderable() {
    return DeployFiles.kustomizationDirs().stream()
        .filter(d -> !DeployFiles.isComponent(d))
        .toList();
  }

  private static JsonNode dashboard() throws IOException {
    return Json.MAPPER.readTree(
        Files.readString(DeployFiles.MONITORING.resolve("grafana-dashboard.json")));
  }

  static Deployment deployment(List<HasMetadata> objects, String name) {
    return (Deployment) find(objects, "Deployment", "cfmr", name);
  }

  private static HasMetadata find(
      List<HasMetadata> objects, String kind, String namespace, String name) {
    return objects.stream()
        .filter(o -> o.getKind().equals(kind))
        .filter(o -> namespace == null || namespace.equals(o.getMetadata().getNamespace()))
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + namespace + "/" + name));
  }

  private static Container container(Deployment deployment, String name) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  /** The container's environment as the kubelet sets it, with Secret values from the templates. */
  private static Map<String, String> environment(
      List<HasMetadata> objects, Container container, Map<String, String> filledIn) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar var : container.getEnv()) {
      if (var.getValueFrom() == null) {
        env.put(var.getName(), var.getValue());
      } else {
        var ref = var.getValueFrom().getSecretKeyRef();
        Secret secret = (Secret) find(objects, "Secret", "cfmr", ref.getName());
        assertThat(secret.getStringData()).containsKey(ref.getKey());
        env.put(
            var.getName(),
            filledIn.getOrDefault(ref.getKey(), secret.getStringData().get(ref.getKey())));
      }
    }
    return env;
  }

  private static void assertHardened(
      Deployment deployment, String containerName, String portName, int port) {
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getContainers()).hasSize(1);
    Container c = container(deployment, containerName);
    assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo(portName);
              assertThat(p.getContainerPort()).isEqualTo(port);
            });
    assertProbe(c.getLivenessProbe(), "/healthz", portName);
    assertProbe(c.getReadinessProbe(), "/readyz", portName);
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
    assertThat(c.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/tmp");
              assertThat(pod.getVolumes())
                  .anySatisfy(
                      v -> {
                        assertThat(v.getName()).isEqualTo(m.getName());
                        assertThat(v.getEmptyDir()).isNotNull();
                      });
            });
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/name", deployment.getMetadata().getName()));
  }

  private static void assertProbe(Probe probe, String path, String port) {
    assertThat(probe).as(path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(port);
  }

  private static List<String> images(List<HasMetadata> objects) {
    return objects.stream()
        .filter(Deployment.class::isInstance)
        .map(Deployment.class::cast)
        .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream())
        .map(Container::getImage)
        .toList();
  }

  /**
   * Paths of non-empty {@code additionalProperties} in fabric8 model objects: where the YAML had a
   * field the typed model (and so the API server) does not know, e.g. a typo or a wrong level.
   */
  private static List<String> unknownFields(
      Object object, String path, IdentityHashMap<Object, Boolean> seen) {
    List<String> found = new ArrayList<>();
    if (object == null || seen.put(object, Boolean.TRUE) != null) {
      return found;
    }
    if (object instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        found.addAll(unknownFields(item, path + "[" + i++ + "]", seen));
      }
      return found;
    }
    if (object instanceof Map<?, ?> map) {
      map.forEach((key, value) -> found.addAll(unknownFields(value, path + "." + key, seen)));
      return found;
    }
    if (!object.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return found;
    }
    for (Class<?> type = object.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object value;
        try {
          value = field.get(object);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (field.getName().equals("additionalProperties")) {
          if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
            found.add(path + " " + extra.keySet());
          }
        } else {
          found.addAll(unknownFields(value, path + "." + field.getName(), seen));
        }
      }
    }
    return found;
  }
}
