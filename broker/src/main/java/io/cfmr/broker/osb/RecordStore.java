package io.cfmr.broker.osb;

import io.cfmr.broker.kube.Api;
import io.cfmr.broker.kube.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * OSB records (instances or bindings) kept as ConfigMaps, one per record, so that a restarted
 * broker or a second replica answers the same. Creating the ConfigMap is the concurrency guard: of
 * two concurrent requests for one id, exactly one create succeeds. Each record carries its {@link
 * Stored.State state} and the attempt (one request) working on it; state changes are conditional on
 * the resourceVersion (docs/broker-consistency.md).
 *
 * @param <R> the record type, stored as JSON under {@value #KEY}
 */
public final class RecordStore<R> {

  static final String KEY = "record.json";
  static final String STATE = "cfmr.io/state";
  static final String ATTEMPT = "cfmr.io/attempt";
  static final String UNTIL = "cfmr.io/until";

  private final String namespace;
  private final String kind;
  private final Class<R> type;
  private final Function<String, String> nameOfId;
  private final Function<R, String> idOf;
  private final Function<R, Map<String, String>> extraLabels;

  public RecordStore(
      String namespace,
      String kind,
      Class<R> type,
      Function<String, String> nameOfId,
      Function<R, String> idOf,
      Function<R, Map<String, String>> extraLabels) {
    this.namespace = namespace;
    this.kind = kind;
    this.type = type;
    this.nameOfId = nameOfId;
    this.idOf = idOf;
    this.extraLabels = extraLabels;
  }

  public Optional<Stored<R>> find(Api api, String id) {
    return Optional.ofNullable(api.get(reference(id)))
        .map(this::read)
        .filter(stored -> idOf.apply(stored.record()).equals(id));
  }

  /**
   * Creates the record in state {@code creating} for {@code attempt} until {@code untilMillis}.
   *
   * @throws io.cfmr.broker.kube.Changes.AlreadyExistsException when another attempt's record of
   *     that id exists
   */
  public Stored<R> create(Api api, R record, String attempt, long untilMillis) {
    Map<String, String> labels = Labels.managed(Labels.RECORD, kind);
    labels.putAll(extraLabels.apply(record));
    ConfigMap map =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(nameOfId.apply(idOf.apply(record)))
            .withNamespace(namespace)
            .withLabels(labels)
            .withAnnotations(state(Stored.State.CREATING, attempt, untilMillis))
            .endMetadata()
            .withData(Map.of(KEY, Json.text(record)))
            .build();
    return read(api.create(map, found -> attempt.equals(annotation(found, ATTEMPT))));
  }

  /**
   * Moves the record to {@code state} for {@code attempt}, if nobody changed it since {@code from}
   * was read.
   *
   * @return the record as stored after the change, or empty when it changed meanwhile
   */
  public Optional<Stored<R>> transition(
      Api api, Stored<R> from, Stored.State state, String attempt, long untilMillis) {
    ConfigMap next = new ConfigMapBuilder(from.map()).build();
    Map<String, String> annotations =
        new HashMap<>(
            next.getMetadata().getAnnotations() == null
                ? Map.of()
                : next.getMetadata().getAnnotations());
    annotations.putAll(state(state, attempt, untilMillis));
    next.getMetadata().setAnnotations(annotations);
    while (true) {
      Optional<ConfigMap> updated = api.updateIfUnchanged(next);
      if (updated.isPresent()) {
        return updated.map(this::read);
      }
      // The answer was lost, or someone else changed it: what is stored tells which.
      Optional<Stored<R>> now = find(api, idOf.apply(from.record()));
      if (now.isEmpty() || !sameVersion(now.get(), from)) {
        return now.filter(n -> n.state() == state && attempt.equals(n.attempt()));
      }
      api.pause("changing the state of " + kind + " " + idOf.apply(from.record()));
    }
  }

  private static boolean sameVersion(Stored<?> a, Stored<?> b) {
    return a.map()
        .getMetadata()
        .getResourceVersion()
        .equals(b.map().getMetadata().getResourceVersion());
  }

  /** Deletes the record if {@code attempt} still holds it; gone already counts as done. */
  public void deleteIfHeld(Api api, String id, String attempt) {
    ConfigMap found = api.get(reference(id));
    if (found != null && attempt.equals(annotation(found, ATTEMPT))) {
      api.delete(found);
    }
  }

  private ConfigMap reference(String id) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(nameOfId.apply(id))
        .withNamespace(namespace)
        .endMetadata()
        .build();
  }

  private static Map<String, String> state(Stored.State state, String attempt, long untilMillis) {
    return Map.of(
        STATE,
        state.name().toLowerCase(Locale.ROOT),
        ATTEMPT,
        attempt,
        UNTIL,
        Long.toString(untilMillis));
  }

  private Stored<R> read(ConfigMap map) {
    String json = map.getData() == null ? null : map.getData().get(KEY);
    if (json == null) {
      throw new IllegalStateException(
          "ConfigMap " + map.getMetadata().getName() + " has no " + KEY);
    }
    String state = annotation(map, STATE);
    String until = annotation(map, UNTIL);
    return new Stored<>(
        Json.read(json, type),
        // Records written before states existed were complete when written.
        state == null ? Stored.State.READY : Stored.State.valueOf(state.toUpperCase(Locale.ROOT)),
        Optional.ofNullable(annotation(map, ATTEMPT)).orElse(""),
        until == null ? 0 : Long.parseLong(until),
        map);
  }

  private static String annotation(HasMetadata map, String key) {
    Map<String, String> annotations = map.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
