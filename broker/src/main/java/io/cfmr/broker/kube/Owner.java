package io.cfmr.broker.kube;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The OSB instance, and binding if any, an object was created for: as a label (hashed, so any id
 * fits) for selecting the objects on unbind or deprovision, and as annotations (raw) for people.
 *
 * @param bindingId null for objects of an instance
 */
public record Owner(String instanceId, String bindingId) {

  public Owner {
    Objects.requireNonNull(instanceId, "instanceId");
  }

  public static Owner instance(String instanceId) {
    return new Owner(instanceId, null);
  }

  public Map<String, String> label() {
    return bindingId == null
        ? Map.of(Labels.INSTANCE, Names.idLabel(instanceId))
        : Map.of(Labels.BINDING, Names.idLabel(bindingId));
  }

  public Map<String, String> annotations() {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Labels.INSTANCE_ID_ANNOTATION, instanceId);
    if (bindingId != null) {
      annotations.put(Labels.BINDING_ID_ANNOTATION, bindingId);
    }
    return annotations;
  }
}
