package io.cfmr.broker.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

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

  /**
   * Whether a stored object was made by this broker for this owner: then it is the outcome of this
   * request's create (or of an earlier attempt for the same id, which the OSB record lets only one
   * request make at a time).
   */
  public boolean owns(HasMetadata found) {
    Map<String, String> annotations = found.getMetadata().getAnnotations();
    return Labels.isManaged(found)
        && annotations != null
        && instanceId.equals(annotations.get(Labels.INSTANCE_ID_ANNOTATION))
        && Objects.equals(bindingId, annotations.get(Labels.BINDING_ID_ANNOTATION));
  }

  /** Whether a stored object has the same owner as {@code desired}; false if it has none. */
  public static Predicate<HasMetadata> sameAs(HasMetadata desired) {
    Map<String, String> annotations = desired.getMetadata().getAnnotations();
    String instanceId = annotations == null ? null : annotations.get(Labels.INSTANCE_ID_ANNOTATION);
    if (instanceId == null) {
      return found -> false;
    }
    return new Owner(instanceId, annotations.get(Labels.BINDING_ID_ANNOTATION))::owns;
  }
}
