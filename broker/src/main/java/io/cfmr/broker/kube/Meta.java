package io.cfmr.broker.kube;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;

/** Object metadata as every broker-built object carries it. */
public final class Meta {

  private Meta() {}

  /** Metadata without annotations when {@code annotations} is empty. */
  public static ObjectMeta of(
      String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .build();
  }
}
