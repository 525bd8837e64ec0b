package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import org.cloudfoundry.client.v3.applications.ApplicationsV3;
import org.cloudfoundry.client.v3.applications.GetApplicationRequest;
import org.cloudfoundry.client.v3.applications.StartApplicationRequest;
import org.cloudfoundry.client.v3.applications.StopApplicationRequest;
import reactor.core.publisher.Mono;

/** {@code GET /v3/apps/GUID}, then {@code POST /v3/apps/GUID/actions/start|stop} if needed. */
final class V3StateChange implements StateChange {

  private final ApplicationsV3 apps;
  private final ClientEvents events;

  V3StateChange(ApplicationsV3 apps, ClientEvents events) {
    this.apps = apps;
    this.events = events;
  }

  @Override
  public Mono<ToggleOutcome> apply(AppGuid app, AppState desired) {
    String guid = app.value();
    return apps.get(GetApplicationRequest.builder().applicationId(guid).build())
        .flatMap(
            current -> {
              boolean inState = current.getState().getValue().equals(desired.name());
              events.looked(app, desired, inState);
              if (inState) {
                return Mono.just(ToggleOutcome.ALREADY_IN_STATE);
              }
              Mono<?> action =
                  desired == AppState.STARTED
                      ? apps.start(StartApplicationRequest.builder().applicationId(guid).build())
                      : apps.stop(StopApplicationRequest.builder().applicationId(guid).build());
              return action.thenReturn(ToggleOutcome.CHANGED);
            });
  }
}
