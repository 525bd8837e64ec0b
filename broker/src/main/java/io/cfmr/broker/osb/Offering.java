package io.cfmr.broker.osb;

import io.cfmr.broker.kube.Api;
import io.cfmr.broker.kube.Changes;

/**
 * What one catalog offering does in Kubernetes. The OSB protocol (records, repeats, conflicts,
 * rollback, status codes) is {@link ServiceBroker}'s; an offering only validates and acts.
 */
public interface Offering {

  ServiceDefinition definition();

  /**
   * Validates a provision request (throwing a 4xx {@link OsbException} or an {@code
   * InvalidScheduleException}) and returns what provisioning will do, which may still fail.
   */
  Action provision(InstanceRecord instance);

  /**
   * Deletes what the instance created, through {@code api} (its calls bounded by the request's
   * deadline); tolerates any part being gone already, or never made.
   */
  void deprovision(InstanceRecord instance, Api api);

  /** As {@link #provision} for a bind; only called when the definition is bindable. */
  default Action bind(InstanceRecord instance, BindingRecord binding) {
    throw OsbException.badRequest(definition().name() + " instances are not bindable");
  }

  /** Deletes what the binding created; tolerates any part being gone already. */
  default void unbind(BindingRecord binding, Api api) {}

  /** Kubernetes work recorded in {@link Changes} so that a failure can undo it. */
  @FunctionalInterface
  interface Action {
    void apply(Changes changes);
  }
}
