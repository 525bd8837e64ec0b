package io.cfmr.broker.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The manifests under {@code deploy/} (surefire runs in the module folder, so it is {@code ..}),
 * and what {@link Kustomize} renders of them: what {@code kubectl apply -k} would apply.
 */
final class DeployFiles {

  static final Path DEPLOY = Paths.get("..", "deploy").toAbsolutePath().normalize();
  static final Path BASE = DEPLOY.resolve("base");
  static final Path DAEMON = DEPLOY.resolve("overlays/daemon");
  static final Path BARE_CLUSTER = DEPLOY.resolve("overlays/bare-cluster");
  static final Path TLS = DEPLOY.resolve("overlays/tls");
  static final Path MONITORING = DEPLOY.resolve("monitoring");

  /** fabric8's own (de)serialization, as {@code client.load(...)} uses it, with no client. */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** Rendering forks a process: once per folder and test run. */
  private static final Map<Path, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

  private DeployFiles() {}

  /** Every YAML file under {@code deploy/}, except {@code deploy/examples/} (not manifests). */
  static List<Path> yamlFiles() {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !DEPLOY.relativize(p).startsWith("examples"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folders holding a {@code kustomization.yaml}: Kustomizations and Components. */
  static List<Path> kustomizationDirs() {
    return yamlFiles().stream()
        .filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
        .map(Path::getParent)
        .toList();
  }

  /** A Component renders only as part of a Kustomization that lists it. */
  static boolean isComponent(Path kustomizationDir) {
    return "Component".equals(kustomization(kustomizationDir).get("kind"));
  }

  /** The objects the folder's kustomization renders to, as fabric8 reads them. */
  static List<HasMetadata> rendered(Path kustomizationDir) {
    return RENDERED.computeIfAbsent(
        kustomizationDir, dir -> objects(Kustomize.render(dir)).stream().toList());
  }

  /** What an overlay renders beyond its base (by kind, namespace and name). */
  static List<HasMetadata> added(Path overlay, Path base) {
    Set<String> inBase = rendered(base).stream().map(DeployFiles::id).collect(Collectors.toSet());
    return rendered(overlay).stream().filter(o -> !inBase.contains(id(o))).toList();
  }

  static String id(HasMetadata object) {
    return object.getKind()
        + " "
        + object.getMetadata().getNamespace()
        + "/"
        + object.getMetadata().getName();
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The objects of a YAML stream, without documents holding only comments. */
  private static List<HasMetadata> objects(String stream) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : stream.split("(?m)^---\\s*$")) {
      boolean content =
          document
              .lines()
              .map(String::strip)
              .anyMatch(line -> !line.isEmpty() && !line.startsWith("#"));
      if (content) {
        objects.add((HasMetadata) SERIALIZATION.unmarshal(document));
      }
    }
    return objects;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> kustomization(Path dir) {
    return SERIALIZATION.unmarshal(read(dir.resolve("kustomization.yaml")), Map.class);
  }

  @SuppressWarnings("unchecked")
  static List<String> stringList(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value == null ? List.of() : (List<String>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> mapList(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }
}
