package io.cfmr.broker.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one request has written (or may have: a create whose answer was lost counts), so that a
 * failure part-way can undo exactly that, and nothing another request made, before the broker
 * answers. Undoing gets {@link #UNDO_TIME} beyond the request's deadline.
 */
public final class Changes {

  /** Time to undo after the deadline: 45 s + 10 s stays inside the Cloud Controller's 60 s. */
  public static final Duration UNDO_TIME = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(Changes.class);

  private final Api api;
  private final Deque<Undo> undo = new ArrayDeque<>();

  public Changes(Api api) {
    this.api = api;
  }

  public Api api() {
    return api;
  }

  /**
   * Creates {@code object}, which carries its {@link Owner}'s annotations: an object of that name
   * with the same owner counts as created (an earlier attempt of this create, or of this id).
   *
   * @throws AlreadyExistsException when an object of that kind and name has another owner
   */
  public void create(HasMetadata object) {
    undo.push(new Undo(Api.describe(object), a -> deleteIfOwned(a, object)));
    api.create(object, Owner.sameAs(object));
  }

  /** Adds {@code user} to a {@link SharedObjects shared object}, creating it if needed. */
  public <T extends HasMetadata> void join(T shared, String user, Consumer<T> compatible) {
    undo.push(new Undo(Api.describe(shared), a -> SharedObjects.leave(a, shared, user)));
    SharedObjects.join(api, shared, user, compatible);
  }

  /**
   * Undoes everything, newest first, trying each even when an earlier one fails.
   *
   * @throws LeftBehindException naming what could not be undone (also logged)
   */
  public void rollback() {
    Api undoing = api.extendedBy(UNDO_TIME);
    List<String> left = new ArrayList<>();
    while (!undo.isEmpty()) {
      Undo next = undo.pop();
      try {
        next.run().accept(undoing);
      } catch (KubernetesClientException e) {
        LOG.error("rollback could not remove {}: {}", next.what(), e.getMessage());
        left.add(next.what());
      }
    }
    if (!left.isEmpty()) {
      throw new LeftBehindException(left);
    }
  }

  private static void deleteIfOwned(Api api, HasMetadata object) {
    HasMetadata found = api.get(object);
    if (found != null && Owner.sameAs(object).test(found)) {
      api.delete(found);
    }
  }

  private record Undo(String what, Consumer<Api> run) {}

  /** A create refused because the name is taken by another owner's object. */
  public static final class AlreadyExistsException extends RuntimeException {
    AlreadyExistsException(HasMetadata object) {
      super(
          // Goes into descriptions end users see: no namespace.
          object.getKind() + " " + object.getMetadata().getName() + " already exists");
    }
  }

  /** Objects a failed request wrote and could not remove; its record is kept to remove them. */
  public static final class LeftBehindException extends RuntimeException {
    private final transient List<String> objects;

    public LeftBehindException(List<String> objects) {
      super("could not remove " + String.join(", ", objects));
      this.objects = List.copyOf(objects);
    }

    public List<String> objects() {
      return objects;
    }
  }
}
