package io.cfmr.toggler;

import io.cfmr.schedule.AppGuid;
import io.cfmr.toggler.cf.ApiVersion;
import io.cfmr.toggler.credentials.CredentialOptions;
import java.time.Duration;

/**
 * One run's configuration, parsed once from the command line and the environment by {@link Main}.
 *
 * @param timeout the bound on all Cloud Controller and UAA calls, retries included
 */
public record TogglerConfig(
    AppGuid app,
    Target target,
    boolean dryRun,
    ApiVersion apiVersion,
    Duration timeout,
    CredentialOptions credentials) {}
