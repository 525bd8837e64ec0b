package io.cfmr.broker.osb;

import io.cfmr.broker.kube.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * OSB records (instances or bindings) kept as ConfigMaps, one per record, so that a restarted
 * broker or a second replica answers the same. Creating the ConfigMap is the concurrency guard: of
 * two concurrent requests for one id, exactly one create succeeds.
 *
 * @param <R> the record type, stored as JSON under {@value #KEY}
 */
public final class RecordStore<R> {

  static final String KEY = "record.json";

  private final KubernetesClient client;
  private final String namespace;
  private final String kind;
  private final Class<R> type;
  private final Function<String, String> nameOfId;
  private final Function<R, String> idOf;
  private final Function<R, Map<String, String>> extraLabels;

  public RecordStore(
      KubernetesClient client,
      String namespace,
      String kind,
      Class<R> type,
      Function<String, String> nameOfId,
      Function<R, String> idOf,
      Function<R, Map<String, String>> extraLabels) {
    this.client = client;
    this.namespace = namespace;
    this.kind = kind;
    this.type = type;
    this.nameOfId = nameOfId;
    this.idOf = idOf;
    this.extraLabels = extraLabels;
  }

  public Optional<R> find(String id) {
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(nameOfId.apply(id)).get();
    return Optional.ofNullable(map).map(this::read).filter(record -> idOf.apply(record).equals(id));
  }

  /** Creates the record; false when a record of that id exists already. */
  public boolean create(R record) {
    Map<String, String> labels = Labels.managed(Labels.RECORD, kind);
    labels.putAll(extraLabels.apply(record));
    ConfigMap map =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(nameOfId.apply(idOf.apply(record)))
            .withNamespace(namespace)
            .withLabels(labels)
            .endMetadata()
            .withData(Map.of(KEY, Json.text(record)))
            .build();
    try {
      client.configMaps().inNamespace(namespace).resource(map).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        return false;
      }
      throw e;
    }
  }

  public void delete(String id) {
    client.configMaps().inNamespace(namespace).withName(nameOfId.apply(id)).delete();
  }

  /** The records carrying label {@code key=value} (labels come from {@code extraLabels}). */
  public List<R> list(String key, String value) {
    return client
        .configMaps()
        .inNamespace(namespace)
        .withLabel(Labels.RECORD, kind)
        .withLabel(key, value)
        .list()
        .getItems()
        .stream()
        .map(this::read)
        .toList();
  }

  private R read(ConfigMap map) {
    String json = map.getData() == null ? null : map.getData().get(KEY);
    if (json == null) {
      throw new IllegalStateException(
          "ConfigMap " + map.getMetadata().getName() + " has no " + KEY);
    }
    return Json.read(json, type);
  }
}
