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

  V2StateChange(ApplicationsV2 apps) {
    this.apps = apps;
  }

  @Override
  public Mono<Applied> apply(AppGuid app, AppState desired) {
    String guid = app.value();
    return apps.get(GetApplicationRequest.builder().applicationId(guid).build())
        .flatMap(
            current -> {
              if (desired.name().equals(current.getEntity().getState())) {
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
