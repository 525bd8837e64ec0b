package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.cloudfoundry.client.v3.Metadata;
import org.cloudfoundry.client.v3.applications.ApplicationsV3;
import org.cloudfoundry.client.v3.applications.GetApplicationRequest;
import org.cloudfoundry.client.v3.applications.StartApplicationRequest;
import org.cloudfoundry.client.v3.applications.StopApplicationRequest;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v3/apps/GUID}, then {@code POST /v3/apps/GUID/actions/start|stop} if needed and the
 * app is not on {@link Hold} (the GET returns its labels: the hold costs no call).
 */
final class V3StateChange implements StateChange {

  private final ApplicationsV3 apps;
  private final ClientEvents events;
  private final Clock clock;

  /**
   * @param clock tells whether a hold has ended: the real time, as the {@code cf set-label} user
   *     meant it
   */
  V3StateChange(ApplicationsV3 apps, ClientEvents events, Clock clock) {
    this.apps = apps;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public Mono<Applied> apply(AppGuid app, AppState desired) {
    String guid = app.value();
    return apps.get(GetApplicationRequest.builder().applicationId(guid).build())
        .flatMap(
            current -> {
              Optional<Instant> held =
                  Hold.activeUntil(app, labels(current.getMetadata()), clock.instant());
              if (held.isPresent()) {
                // Not reported as a look: a held app is left as it is on purpose, not diverged.
                return Mono.just(new Applied(ToggleOutcome.HELD, held));
              }
              boolean inState = current.getState().getValue().equals(desired.name());
              events.looked(app, desired, inState);
              if (inState) {
                return Applied.just(ToggleOutcome.ALREADY_IN_STATE);
              }
              Mono<?> action =
                  desired == AppState.STARTED
                      ? apps.start(StartApplicationRequest.builder().applicationId(guid).build())
                      : apps.stop(StopApplicationRequest.builder().applicationId(guid).build());
              return action.then(Applied.just(ToggleOutcome.CHANGED));
            });
  }

  private static Map<String, String> labels(Metadata metadata) {
    return metadata == null ? Map.of() : metadata.getLabels();
  }
}
