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
import java.util.stream.Stream;

/**
 * The manifests under {@code deploy/} (surefire runs in the module folder, so it is {@code ..}).
 */
final class DeployFiles {

  static final Path DEPLOY = Paths.get("..", "deploy").toAbsolutePath().normalize();
  static final Path DAEMON = DEPLOY.resolve("overlays/daemon");
  static final Path MONITORING = DEPLOY.resolve("monitoring");

  /** fabric8's own (de)serialization, as {@code client.load(...)} uses it, with no client. */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

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

  static boolean isKustomization(Path file) {
    return file.getFileName().toString().equals("kustomization.yaml");
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documents of a YAML stream, without those holding only comments. */
  static List<String> documents(Path file) {
    List<String> documents = new ArrayList<>();
    for (String document : read(file).split("(?m)^---\\s*$")) {
      boolean content =
          document
              .lines()
              .map(String::strip)
              .anyMatch(line -> !line.isEmpty() && !line.startsWith("#"));
      if (content) {
        documents.add(document);
      }
    }
    return documents;
  }

  /** The objects of a manifest file, as fabric8 reads them. */
  static List<HasMetadata> objects(Path file) {
    return documents(file).stream().map(d -> (HasMetadata) SERIALIZATION.unmarshal(d)).toList();
  }

  /** The objects of the files a kustomization lists in {@code resources} (files only). */
  static List<HasMetadata> resources(Path kustomizationDir) {
    List<HasMetadata> all = new ArrayList<>();
    for (String entry : stringList(kustomization(kustomizationDir), "resources")) {
      Path target = kustomizationDir.resolve(entry).normalize();
      if (Files.isRegularFile(target)) {
        all.addAll(objects(target));
      }
    }
    return all;
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
