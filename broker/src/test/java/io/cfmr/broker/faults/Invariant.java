package io.cfmr.broker.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfmr.broker.kube.Labels;
import io.cfmr.broker.kube.Names;
import io.cfmr.broker.kube.SharedObjects;
import io.cfmr.broker.osb.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The broker's consistency invariant, read from the API server: every object the broker made
 * belongs to a live record (an orphan otherwise), and every ready record has all its objects (a
 * lost one otherwise). The expected objects of a ready binding are passed in by the caller, who
 * knows what it asked for.
 */
public final class Invariant {

  private final KubernetesClient api;

  public Invariant(KubernetesClient observer) {
    this.api = observer;
  }

  /** Broker-made objects whose owner has no record, and shared objects nobody uses. */
  public List<String> orphans() {
    Map<String, String> records = records();
    Set<String> instanceHashes =
        records.entrySet().stream()
            .filter(e -> e.getKey().startsWith("instance:"))
            .map(e -> Names.idLabel(e.getKey().substring("instance:".length())))
            .collect(Collectors.toSet());
    List<String> orphans = new ArrayList<>();
    for (HasMetadata object : owned()) {
      Map<String, String> a = annotations(object);
      String binding = a.get(Labels.BINDING_ID_ANNOTATION);
      String owner =
          binding != null
              ? "binding:" + binding
              : "instance:" + a.get(Labels.INSTANCE_ID_ANNOTATION);
      if (!records.containsKey(owner)) {
        orphans.add(describe(object) + " of " + owner);
      }
    }
    for (HasMetadata object : shared()) {
      Set<String> users = SharedObjects.users(object);
      if (users.isEmpty() || !instanceHashes.containsAll(users)) {
        orphans.add(describe(object) + " used by " + users);
      }
    }
    return orphans;
  }

  /** Each record as {@code instance:ID} or {@code binding:ID}, with its state. */
  public Map<String, String> records() {
    Map<String, String> records = new HashMap<>();
    for (ConfigMap map :
        api.configMaps().inNamespace("cfmr").withLabel(Labels.RECORD).list().getItems()) {
      String json = map.getData().get("record.json");
      String kind = map.getMetadata().getLabels().get(Labels.RECORD);
      String id =
          Json.read(json, JsonNode.class)
              .get(kind.equals("instance") ? "instanceId" : "bindingId")
              .asText();
      records.put(kind + ":" + id, annotations(map).getOrDefault("cfmr.io/state", "ready"));
    }
    return records;
  }

  /** Objects made for one instance or binding. */
  public List<HasMetadata> owned() {
    return Stream.of(
            api.batch().v1().cronjobs().inNamespace("cfmr").list().getItems().stream(),
            api
                .configMaps()
                .inNamespace("cfmr")
                .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_BROKER)
                .withoutLabel(Labels.RECORD)
                .list()
                .getItems()
                .stream(),
            api
                .network()
                .v1()
                .networkPolicies()
                .inNamespace("cfmr-eirini")
                .list()
                .getItems()
                .stream())
        .flatMap(s -> s.map(HasMetadata.class::cast))
        .filter(Labels::isManaged)
        .toList();
  }

  /** Objects several instances share. */
  public List<HasMetadata> shared() {
    return Stream.of(
            api.rbac().roles().inNamespace("cfmr").list().getItems().stream(),
            api.rbac().roleBindings().inNamespace("cfmr").list().getItems().stream(),
            api.services().inNamespace("cfmr-eirini").list().getItems().stream())
        .flatMap(s -> s.map(HasMetadata.class::cast))
        .filter(Labels::isManaged)
        .toList();
  }

  /** Names of the objects made for {@code bindingId}. */
  public Set<String> objectsOfBinding(String bindingId) {
    return owned().stream()
        .filter(o -> bindingId.equals(annotations(o).get(Labels.BINDING_ID_ANNOTATION)))
        .map(Invariant::describe)
        .collect(Collectors.toSet());
  }

  /** Names of the objects made for instance {@code instanceId} alone, and shared ones it uses. */
  public Set<String> objectsOfInstance(String instanceId) {
    String hash = Names.idLabel(instanceId);
    return Stream.concat(
            owned().stream()
                .filter(o -> annotations(o).get(Labels.BINDING_ID_ANNOTATION) == null)
                .filter(o -> instanceId.equals(annotations(o).get(Labels.INSTANCE_ID_ANNOTATION))),
            shared().stream().filter(o -> SharedObjects.users(o).contains(hash)))
        .map(Invariant::describe)
        .collect(Collectors.toSet());
  }

  public static String describe(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }

  private static Map<String, String> annotations(HasMetadata object) {
    Map<String, String> a = object.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }
}
