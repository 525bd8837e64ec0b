package io.cfmr.broker.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.RequestConfig;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The Kubernetes API as one OSB request sees it: every call is cut to the time left before the
 * request's deadline and never retried by fabric8; this class retries instead, and only where a
 * retry is safe (reads, deletes, and creates whose outcome it checks first). See
 * docs/broker-consistency.md.
 */
public final class Api {

  /** Below this a call could not complete; the request stops instead. */
  static final Duration CALL_MIN = Duration.ofMillis(250);

  private static final long PAUSE_MIN_MILLIS = 50;
  private static final long PAUSE_MAX_MILLIS = 1_000;

  private final KubernetesClient base;
  private final Deadline deadline;

  public Api(KubernetesClient base, Deadline deadline) {
    this.base = base;
    this.deadline = deadline;
  }

  public Deadline deadline() {
    return deadline;
  }

  /** The same API with {@code more} time, for undoing a request that ran out of its own. */
  public Api extendedBy(Duration more) {
    return new Api(base, deadline.plus(more));
  }

  /**
   * A client for one call: its timeout is what is left (at most the configured request timeout, so
   * that a slow call leaves time for another attempt), its retries none, so nothing it sends can be
   * re-sent after the request has answered.
   */
  public KubernetesClient client(String what) {
    Duration left = deadline.remaining();
    if (left.compareTo(CALL_MIN) < 0) {
      throw new DeadlineExceededException(what, null);
    }
    RequestConfig config =
        new RequestConfigBuilder(base.getConfiguration().getRequestConfig())
            .withRequestTimeout(
                (int) Math.min(left.toMillis(), base.getConfiguration().getRequestTimeout()))
            .withRequestRetryBackoffLimit(0)
            .build();
    return base.newClient(config).adapt(KubernetesClient.class);
  }

  /**
   * Runs a call that may safely run twice (a read, a delete, an update conditional on a
   * resourceVersion), again after an answer that says nothing of its outcome.
   */
  public <T> T idempotent(String what, Function<KubernetesClient, T> call) {
    long pause = PAUSE_MIN_MILLIS;
    while (true) {
      try {
        return call.apply(client(what));
      } catch (KubernetesClientException e) {
        if (!unknownOutcome(e)) {
          throw e;
        }
        pause = pause(what, pause, e);
      }
    }
  }

  /**
   * Creates {@code object}, checking rather than guessing after an error: an object of that name
   * that is {@code mine} was created (by this call or an earlier attempt of it), one that is not is
   * someone else's; an absent one is created again.
   *
   * @throws Changes.AlreadyExistsException when the name is taken by an object not {@code mine}
   */
  public <T extends HasMetadata> T create(T object, Predicate<HasMetadata> mine) {
    String what = "creating " + describe(object);
    long pause = PAUSE_MIN_MILLIS;
    while (true) {
      try {
        return client(what).resource(object).create();
      } catch (KubernetesClientException e) {
        boolean taken = e.getCode() == HttpURLConnection.HTTP_CONFLICT;
        if (!taken && !unknownOutcome(e)) {
          throw e;
        }
        T found = get(object);
        if (found != null) {
          if (mine.test(found)) {
            return found;
          }
          throw new Changes.AlreadyExistsException(object);
        }
        pause = pause(what, pause, e);
      }
    }
  }

  /** The object of that kind, namespace and name as stored, or null. */
  public <T extends HasMetadata> T get(T object) {
    return idempotent("reading " + describe(object), c -> c.resource(object).get());
  }

  /** Deletes the object by name; gone already counts as done. */
  public void delete(HasMetadata object) {
    idempotent("deleting " + describe(object), c -> c.resource(object).delete());
  }

  /**
   * Replaces {@code object} if its resourceVersion is still the stored one.
   *
   * @return the object as stored, or empty when it was changed meanwhile or the answer was lost
   *     (read it again to learn which)
   */
  public <T extends HasMetadata> Optional<T> updateIfUnchanged(T object) {
    try {
      return Optional.of(client("updating " + describe(object)).resource(object).update());
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT
          || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND
          || unknownOutcome(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Waits a little before another attempt, within the deadline. */
  public void pause(String what) {
    pause(what, PAUSE_MAX_MILLIS / 4, null);
  }

  /**
   * No answer (code 0, or -1 for a timeout), a 5xx or a 429: the API server may or may not have
   * done it. 504 from {@link DeadlineExceededException} is excluded: it is this broker's own
   * decision to stop.
   */
  public static boolean unknownOutcome(KubernetesClientException e) {
    if (e instanceof DeadlineExceededException) {
      return false;
    }
    int code = e.getCode();
    return code <= 0 || code == 429 || code >= 500;
  }

  public static String describe(HasMetadata object) {
    return object.getKind()
        + " "
        + object.getMetadata().getNamespace()
        + "/"
        + object.getMetadata().getName();
  }

  private long pause(String what, long millis, KubernetesClientException last) {
    if (deadline.remaining().toMillis() < millis + CALL_MIN.toMillis()) {
      throw new DeadlineExceededException(what, last);
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadlineExceededException(what, e);
    }
    return Math.min(millis * 2, PAUSE_MAX_MILLIS);
  }
}
