package io.cfmr.broker.deploy;

import java.util.List;

/**
 * Every Kubernetes API call the broker's code makes, with the class that makes it: the table the
 * broker's Roles in {@code deploy/base/broker-rbac.yaml} are checked against, both ways. {@link
 * BrokerRbacTest} also runs the broker over a mock API server and fails when the code makes a call
 * missing here, or when a row here is no longer made: change this table with the code.
 *
 * <p>Namespaces: {@value #SCHEDULER} is {@code SCHEDULER_NAMESPACE}, {@value #C2C} is {@code
 * C2C_NAMESPACE}, as deployed.
 */
final class BrokerApiCalls {

  static final String SCHEDULER = "cfmr";
  static final String C2C = "cfmr-eirini";
  static final String CREDENTIALS = "cfmr-scheduler-credentials";

  /**
   * A row: one (group, resource, namespace, verb), restricted to one object name where {@code name}
   * is set; {@code escalationOnly}: never called, held for RBAC's escalation check.
   */
  record Row(
      String group,
      String resource,
      String namespace,
      String verb,
      String name,
      String madeBy,
      boolean escalationOnly) {

    ApiCall call() {
      return new ApiCall(group, resource, namespace, verb, name);
    }

    boolean covers(ApiCall call) {
      return group.equals(call.group())
          && resource.equals(call.resource())
          && namespace.equals(call.namespace())
          && verb.equals(call.verb())
          && (name == null || name.equals(call.name()));
    }
  }

  static final List<Row> TABLE =
      List.of(
          // osb.RecordStore.find: an instance or binding record by name
          call("", "configmaps", SCHEDULER, "get", "osb.RecordStore#find"),
          // osb.RecordStore.list (scheduler deprovision: is this the last instance?);
          // health.Readiness (/readyz: a one-item list)
          call("", "configmaps", SCHEDULER, "list", "osb.RecordStore#list, health.Readiness"),
          // osb.RecordStore.create (the record, before anything else);
          // kube.Changes.create (daemon mode: the schedule ConfigMap, from SchedulerOffering#bind)
          call("", "configmaps", SCHEDULER, "create", "osb.RecordStore#create, kube.Changes"),
          // osb.RecordStore.transition: a record's state (creating, ready, deleting), conditional
          // on its resourceVersion
          call("", "configmaps", SCHEDULER, "update", "osb.RecordStore#transition"),
          // osb.RecordStore.delete (deprovision, unbind, failed request)
          call("", "configmaps", SCHEDULER, "delete", "osb.RecordStore#delete"),
          // scheduler.SchedulerOffering.unbind: the binding's schedule ConfigMaps, by label
          call("", "configmaps", SCHEDULER, "deletecollection", "SchedulerOffering#unbind"),
          // scheduler.SchedulerOffering.refuseSecondSchedule: the app's CronJobs, by label
          call("batch", "cronjobs", SCHEDULER, "list", "SchedulerOffering#refuseSecondSchedule"),
          // kube.Api.create (after a 409 or a lost answer: whose is it?); kube.Changes.rollback
          // (is it this request's?)
          call("batch", "cronjobs", SCHEDULER, "get", "kube.Api#create, kube.Changes#rollback"),
          // kube.Changes.create: cfmr-appstart-GUID / cfmr-appstop-GUID (SchedulerOffering#bind)
          call("batch", "cronjobs", SCHEDULER, "create", "kube.Changes#create"),
          // kube.Changes.rollback: a CronJob of a bind that failed part-way
          call("batch", "cronjobs", SCHEDULER, "delete", "kube.Changes#rollback"),
          // scheduler.SchedulerOffering.unbind: the binding's CronJobs, by label (in both modes)
          call("batch", "cronjobs", SCHEDULER, "deletecollection", "SchedulerOffering#unbind"),
          // kube.Changes.create: the toggler's Role (SchedulerOffering#provision)
          call("rbac.authorization.k8s.io", "roles", SCHEDULER, "create", "kube.Changes#create"),
          // scheduler.SchedulerOffering.deprovision (last instance); kube.Changes.rollback
          // kube.SharedObjects.join/leave: read, then change the users conditionally
          call("rbac.authorization.k8s.io", "roles", SCHEDULER, "get", "kube.SharedObjects"),
          call("rbac.authorization.k8s.io", "roles", SCHEDULER, "update", "kube.SharedObjects"),
          call(
              "rbac.authorization.k8s.io",
              "roles",
              SCHEDULER,
              "delete",
              "SchedulerOffering#deprovision"),
          // kube.Changes.create: the toggler's RoleBinding (SchedulerOffering#provision)
          call(
              "rbac.authorization.k8s.io",
              "rolebindings",
              SCHEDULER,
              "create",
              "kube.Changes#create"),
          // scheduler.SchedulerOffering.deprovision (last instance); kube.Changes.rollback
          // kube.SharedObjects.join/leave: read, then change the users conditionally
          call("rbac.authorization.k8s.io", "rolebindings", SCHEDULER, "get", "kube.SharedObjects"),
          call(
              "rbac.authorization.k8s.io",
              "rolebindings",
              SCHEDULER,
              "update",
              "kube.SharedObjects"),
          call(
              "rbac.authorization.k8s.io",
              "rolebindings",
              SCHEDULER,
              "delete",
              "SchedulerOffering#deprovision"),
          // Never called. The toggler's Role (scheduler.SchedulerResources#role) grants `get` on
          // the credentials Secret; RBAC lets the broker create that Role, and bind it, only if
          // the broker holds that permission itself (else it needs `escalate`/`bind`: far wider).
          new Row(
              "",
              "secrets",
              SCHEDULER,
              "get",
              CREDENTIALS,
              "RBAC escalation check for SchedulerResources#role",
              true),
          // kube.SharedObjects.join/leave (shared or foreign? its users)
          call("", "services", C2C, "get", "kube.SharedObjects"),
          // kube.SharedObjects.join/leave: the users, conditionally on the resourceVersion
          call("", "services", C2C, "update", "kube.SharedObjects"),
          // kube.Changes.create: the destination's Service (C2cOffering#provision)
          call("", "services", C2C, "create", "kube.Changes#create"),
          // kube.SharedObjects.leave: by the last user
          call("", "services", C2C, "delete", "kube.SharedObjects#leave"),
          // kube.Api.create (after a 409 or a lost answer); kube.Changes.rollback
          call(
              "networking.k8s.io",
              "networkpolicies",
              C2C,
              "get",
              "kube.Api#create, kube.Changes#rollback"),
          // kube.Changes.create: the instance's NetworkPolicy (C2cOffering#provision)
          call("networking.k8s.io", "networkpolicies", C2C, "create", "kube.Changes#create"),
          // c2c.C2cOffering.deprovision: the instance's NetworkPolicy, by name
          call("networking.k8s.io", "networkpolicies", C2C, "delete", "C2cOffering#deprovision"));

  /**
   * Non-resource requests: SCHEDULER_MODE=auto asks {@code GET /apis/batch/v1} (fabric8's {@code
   * supports("batch/v1", "CronJob")}, from scheduler.SchedulerMode#resolve). The default
   * ClusterRole {@code system:discovery} (bound to every authenticated user) allows GET on {@code
   * /api}, {@code /api/*}, {@code /apis}, {@code /apis/*}, {@code /version}, {@code /healthz},
   * {@code /livez}, {@code /readyz} and {@code /openapi*}: no RBAC of ours.
   */
  static final List<String> DISCOVERY_PREFIXES =
      List.of("/api", "/apis", "/version", "/healthz", "/livez", "/readyz", "/openapi");

  private BrokerApiCalls() {}

  private static Row call(
      String group, String resource, String namespace, String verb, String madeBy) {
    return new Row(group, resource, namespace, verb, null, madeBy, false);
  }
}
