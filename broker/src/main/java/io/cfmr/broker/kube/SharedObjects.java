package io.cfmr.broker.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Objects several instances use (the toggler's Role and RoleBinding, a c2c Service): the object
 * lists its users ({@link Names#idLabel}s of instance ids) in {@value #USERS}, and every change of
 * that list is an update conditional on the resourceVersion, retried on conflict. The last user to
 * leave first marks the object {@value #DELETING} (conditionally), then deletes it; a user joining
 * never adds itself to a marked object but finishes its deletion and creates it anew. So a delete
 * never removes an object that a concurrent request has joined. Objects made before users were
 * recorded (no {@value #USERS}) have unknown users and are never deleted.
 */
public final class SharedObjects {

  public static final String USERS = "cfmr.io/users";
  public static final String DELETING = "cfmr.io/deleting";

  private SharedObjects() {}

  /**
   * Makes {@code user} a user of the object, creating it (from {@code desired}) when absent. {@code
   * compatible} throws when an existing object cannot be shared (foreign, different spec).
   */
  public static <T extends HasMetadata> void join(
      Api api, T desired, String user, Consumer<T> compatible) {
    String id = Names.idLabel(user);
    while (true) {
      T existing = api.get(desired);
      if (existing == null) {
        T fresh = withUsers(desired, Set.of(id), false);
        fresh.getMetadata().setResourceVersion(null);
        try {
          api.create(fresh, found -> users(found).contains(id));
          return;
        } catch (Changes.AlreadyExistsException e) {
          continue; // another user made it first: join that one
        }
      }
      compatible.accept(existing);
      if (deleting(existing)) {
        api.delete(existing);
      } else if (users(existing).contains(id)
          || api.updateIfUnchanged(withUsers(existing, plus(existing, id), false)).isPresent()) {
        return;
      }
      api.pause("joining " + Api.describe(desired));
    }
  }

  /** Removes {@code user}; the last user deletes the object. Absent or not a user: nothing. */
  public static <T extends HasMetadata> void leave(Api api, T object, String user) {
    String id = Names.idLabel(user);
    while (true) {
      T existing = api.get(object);
      if (existing == null) {
        return;
      }
      if (deleting(existing)) {
        api.delete(existing); // its last user may have failed before deleting it
        return;
      }
      if (!users(existing).contains(id)) {
        return;
      }
      Set<String> rest = new TreeSet<>(users(existing));
      rest.remove(id);
      if (api.updateIfUnchanged(withUsers(existing, rest, rest.isEmpty())).isPresent()) {
        if (rest.isEmpty()) {
          api.delete(existing);
        }
        return;
      }
      api.pause("leaving " + Api.describe(object));
    }
  }

  /** The recorded users; objects without the annotation are never deleted ({@code *}). */
  public static Set<String> users(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(USERS);
    Set<String> users = new TreeSet<>();
    if (value == null) {
      users.add("*");
    } else if (!value.isEmpty()) {
      users.addAll(Set.of(value.split(",")));
    }
    return users;
  }

  private static boolean deleting(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations != null && "true".equals(annotations.get(DELETING));
  }

  private static Set<String> plus(HasMetadata object, String id) {
    Set<String> users = users(object);
    users.add(id);
    return users;
  }

  private static <T extends HasMetadata> T withUsers(T object, Set<String> users, boolean last) {
    Map<String, String> annotations =
        new HashMap<>(
            object.getMetadata().getAnnotations() == null
                ? Map.of()
                : object.getMetadata().getAnnotations());
    annotations.put(USERS, String.join(",", new TreeSet<>(users)));
    if (last) {
      annotations.put(DELETING, "true");
    }
    object.getMetadata().setAnnotations(annotations);
    return object;
  }
}
