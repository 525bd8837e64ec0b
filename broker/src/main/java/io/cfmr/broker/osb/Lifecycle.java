package io.cfmr.broker.osb;

import io.cfmr.broker.kube.Api;
import io.cfmr.broker.kube.Changes;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record protocol of creating and deleting one instance or binding exactly once: the record is
 * created first (state {@code creating}) and deleted last, is {@code ready} only once all its
 * objects exist, and a failure undoes what was written before the answer; what cannot be undone
 * keeps the record, so that a DELETE (the Cloud Controller's orphan mitigation) removes it.
 * docs/broker-consistency.md has the states and why.
 */
final class Lifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  private Lifecycle() {}

  /**
   * Creates the record and runs {@code action}: 201 when this request did it, 200 when an identical
   * record is ready, 409 when a different one exists. A request meeting an identical record still
   * being created waits for it; one abandoned past its time is taken over and redone.
   */
  static <R> Reply createOnce(
      Api api,
      RecordStore<R> store,
      String id,
      R candidate,
      BiPredicate<R, R> same,
      Offering.Action action,
      String what) {
    String attempt = UUID.randomUUID().toString();
    long until = api.deadline().plus(Changes.UNDO_TIME).epochMillis();
    while (true) {
      Optional<Stored<R>> mine = created(api, store, id, candidate, attempt, until, what);
      if (mine.isPresent()) {
        return run(api, store, mine.get(), id, action, what);
      }
      Optional<Stored<R>> current = store.find(api, id);
      if (current.isEmpty()) {
        continue; // deleted meanwhile: create again
      }
      Stored<R> found = current.get();
      if (!same.test(found.record(), candidate)) {
        throw OsbException.conflict(
            what
                + " "
                + id
                + " already exists with different attributes; delete it first or use another id");
      }
      switch (found.state()) {
        case READY -> {
          return Reply.empty(200);
        }
        case DELETING -> throw busy(what, id, "is being deleted; repeat the DELETE first");
        case CREATING -> {
          if (found.abandoned()) {
            Optional<Stored<R>> taken =
                store.transition(api, found, Stored.State.CREATING, attempt, until);
            if (taken.isPresent()) {
              return run(api, store, taken.get(), id, action, what);
            }
          } else {
            api.pause("waiting for another request for " + what + " " + id);
          }
        }
      }
    }
  }

  /**
   * Marks the record {@code deleting}, deletes its objects, then the record: 410 when there is
   * none, 422 while another request is still creating it.
   */
  static <R> Reply deleteOnce(
      Api api,
      RecordStore<R> store,
      String id,
      Predicate<R> matches,
      Consumer<R> deleteObjects,
      String what) {
    String attempt = UUID.randomUUID().toString();
    while (true) {
      Optional<Stored<R>> current = store.find(api, id).filter(s -> matches.test(s.record()));
      if (current.isEmpty()) {
        return Reply.empty(410);
      }
      Stored<R> found = current.get();
      if (found.state() == Stored.State.CREATING && !found.abandoned()) {
        throw busy(what, id, "is still being created by another request; try again");
      }
      Optional<Stored<R>> held =
          store.transition(api, found, Stored.State.DELETING, attempt, found.untilMillis());
      if (held.isPresent()) {
        deleteObjects.accept(held.get().record());
        store.deleteIfHeld(api, id, attempt);
        return Reply.empty(200);
      }
    }
  }

  /**
   * Creates the record; empty when another request's record has the id. If the create fails, the
   * record is removed in case the failed create stored it.
   */
  private static <R> Optional<Stored<R>> created(
      Api api,
      RecordStore<R> store,
      String id,
      R candidate,
      String attempt,
      long until,
      String what) {
    try {
      return Optional.of(store.create(api, candidate, attempt, until));
    } catch (Changes.AlreadyExistsException e) {
      return Optional.empty();
    } catch (KubernetesClientException e) {
      try {
        store.deleteIfHeld(api.extendedBy(Changes.UNDO_TIME), id, attempt);
      } catch (KubernetesClientException kept) {
        throw leftBehind(what, id, "could not remove its record", e);
      }
      throw e;
    }
  }

  private static <R> Reply run(
      Api api,
      RecordStore<R> store,
      Stored<R> held,
      String id,
      Offering.Action action,
      String what) {
    Changes changes = new Changes(api);
    try {
      action.apply(changes);
      if (store.transition(api, held, Stored.State.READY, held.attempt(), 0).isEmpty()) {
        throw busy(what, id, "was changed by another request while being created; try again");
      }
      return Reply.empty(201);
    } catch (RuntimeException e) {
      undo(api, store, held, id, changes, what, e);
      throw e;
    }
  }

  /** Undoes the changes, then deletes the record; what cannot be undone keeps the record. */
  private static <R> void undo(
      Api api,
      RecordStore<R> store,
      Stored<R> held,
      String id,
      Changes changes,
      String what,
      RuntimeException cause) {
    try {
      changes.rollback();
      store.deleteIfHeld(api.extendedBy(Changes.UNDO_TIME), id, held.attempt());
    } catch (Changes.LeftBehindException left) {
      abandon(api, store, held);
      throw leftBehind(what, id, left.getMessage(), cause);
    } catch (KubernetesClientException recordKept) {
      abandon(api, store, held);
      throw leftBehind(what, id, "could not remove its record", cause);
    }
  }

  /**
   * Marks the record abandoned now (its time over), so that a DELETE or a repeat need not wait for
   * it; if even that fails, they wait until its time is over.
   */
  private static <R> void abandon(Api api, RecordStore<R> store, Stored<R> held) {
    try {
      store.transition(
          api.extendedBy(Changes.UNDO_TIME), held, Stored.State.CREATING, held.attempt(), 0);
    } catch (KubernetesClientException e) {
      LOG.warn("could not mark the record abandoned: {}", e.getMessage());
    }
  }

  private static PartlyUndoneException leftBehind(
      String what, String id, String detail, RuntimeException cause) {
    LOG.error("{} {} failed and its rollback {}", what, id, detail, cause);
    return new PartlyUndoneException(what, cause);
  }

  private static OsbException busy(String what, String id, String detail) {
    return new OsbException(422, "ConcurrencyError", what + " " + id + " " + detail);
  }
}
