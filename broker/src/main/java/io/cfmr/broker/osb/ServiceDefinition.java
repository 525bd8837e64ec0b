package io.cfmr.broker.osb;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One catalog offering with its single plan.
 *
 * @param bindSchema empty for offerings that are not bindable
 */
public record ServiceDefinition(
    String id,
    String name,
    String description,
    List<String> tags,
    String planId,
    String planName,
    String planDescription,
    ParameterSchema provisionSchema,
    Optional<ParameterSchema> bindSchema) {

  /** Published in the catalog; a request carrying another version is a 422 (OSB). */
  public static final String MAINTENANCE_VERSION = "1.0.0";

  public ServiceDefinition {
    Objects.requireNonNull(id);
    Objects.requireNonNull(name);
    Objects.requireNonNull(planId);
    tags = List.copyOf(tags);
  }

  public boolean bindable() {
    return bindSchema.isPresent();
  }
}
