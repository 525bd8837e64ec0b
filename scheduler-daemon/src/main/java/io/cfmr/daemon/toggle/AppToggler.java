package io.cfmr.daemon.toggle;

import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.AppState;
import reactor.core.publisher.Mono;

/**
 * Sets an app's state through the Cloud Controller. Nothing throws: failures (a {@code
 * TogglerException} from the toggler's client) travel in the {@code Mono}.
 */
@FunctionalInterface
public interface AppToggler {

  Mono<Toggled> setState(AppGuid app, AppState state);
}
