package io.cfmr.toggler.cf;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import io.cfmr.toggler.ToggleOutcome;
import org.cloudfoundry.client.v2.applications.ApplicationsV2;
import org.cloudfoundry.client.v2.applications.GetApplicationRequest;
import org.cloudfoundry.client.v2.applications.UpdateApplicationRequest;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v2/apps/GUID}, then {@code PUT /v2/apps/GUID {"state": ...}} if needed. The v2 API
 * has no labels, hence no {@link Hold}.
 */
final class V2StateChange implements StateChange {

  private final ApplicationsV2 apps;
  private final ClientEvents events;

  V2StateChange(ApplicationsV2 apps, ClientEvents events) {
    this.apps = apps;
    this.events = events;
  }

  @Override
  public Mono<Applied> apply(AppGuid app, AppState desired) {
    String guid = app.value();
    return apps.get(GetApplicationRequest.builder().applicationId(guid).build())
        .flatMap(
            current -> {
              boolean inState = desired.name().equals(current.getEntity().getState());
              events.looked(app, desired, inState);
              if (inState) {
                return Applied.just(ToggleOutcome.ALREADY_IN_STATE);
              }
              return apps.update(
                      UpdateApplicationRequest.builder()
                          .applicationId(guid)
                          .state(desired.name())
                          .build())
                  .then(Applied.just(ToggleOutcome.CHANGED));
            });
  }
}
