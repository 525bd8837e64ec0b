package io.cfmr.broker.scheduler;

import io.cfmr.broker.kube.Api;
import io.cfmr.broker.kube.Changes;
import io.cfmr.broker.kube.Labels;
import io.cfmr.broker.kube.Names;
import io.cfmr.broker.kube.Owner;
import io.cfmr.broker.kube.SharedObjects;
import io.cfmr.broker.osb.BindingRecord;
import io.cfmr.broker.osb.InstanceRecord;
import io.cfmr.broker.osb.Offering;
import io.cfmr.broker.osb.OsbException;
import io.cfmr.broker.osb.ParameterSchema;
import io.cfmr.broker.osb.ServiceDefinition;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.CronSyntax;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleConfigMap;
import io.cfmr.schedule.ScheduleJson;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * scheduler/appstate. Provision makes the instance a user of the toggler's Role and RoleBinding
 * ({@link SharedObjects}: kept while any scheduler instance uses them); bind claims the app, then
 * writes its schedule as CronJobs or, in daemon mode, a ConfigMap.
 */
public final class SchedulerOffering implements Offering {

  public static final ServiceDefinition DEFINITION =
      new ServiceDefinition(
          "149472c8-f878-4118-8250-2d09dced9b2c",
          "scheduler",
          "Starts and stops Cloud Foundry apps on cron schedules",
          List.of("scheduler", "cron", "cfmr"),
          "0b03bce0-67f9-4790-a190-9d16a4101145",
          "appstate",
          "Bind an app with a start and/or stop cron schedule; the app is started and stopped"
              + " on that schedule",
          ParameterSchema.load("scheduler-appstate-provision"),
          Optional.of(ParameterSchema.load("scheduler-appstate-bind")));

  private final KubernetesClient client;
  private final TogglerSettings settings;
  private final SchedulerMode configuredMode;
  private volatile SchedulerMode resolvedMode;

  public SchedulerOffering(KubernetesClient client, TogglerSettings settings, SchedulerMode mode) {
    this.client = client;
    this.settings = settings;
    this.configuredMode = mode;
  }

  @Override
  public ServiceDefinition definition() {
    return DEFINITION;
  }

  @Override
  public Action provision(InstanceRecord instance) {
    DEFINITION.provisionSchema().validate(instance.parameters());
    return changes -> {
      changes.join(SchedulerResources.role(settings), instance.instanceId(), any -> {});
      changes.join(SchedulerResources.roleBinding(settings), instance.instanceId(), any -> {});
    };
  }

  /** Leaves the toggler's Role and RoleBinding; the last instance to leave deletes them. */
  @Override
  public void deprovision(InstanceRecord instance, Api api) {
    SharedObjects.leave(api, SchedulerResources.roleBinding(settings), instance.instanceId());
    SharedObjects.leave(api, SchedulerResources.role(settings), instance.instanceId());
  }

  @Override
  public Action bind(InstanceRecord instance, BindingRecord binding) {
    Optional<BindingRecord.BoundApp> bound = binding.boundApp();
    if (bound.isEmpty() && !binding.parameters().has(ScheduleJson.APP_GUID)) {
      throw OsbException.requiresApp(
          "the scheduler needs an app: bind it to an app (cf bind-service APP INSTANCE -c ...)"
              + " or give \"app-guid\" in the parameters");
    }
    DEFINITION.bindSchema().orElseThrow().validate(binding.parameters());
    Optional<AppGuid> boundApp = bound.map(app -> AppGuid.parse(app.field(), app.guid()));
    SchedulerMode mode = mode();
    // CronJobs take Kubernetes syntax only; the daemon (Quartz) also takes seconds.
    CronSyntax syntax =
        mode == SchedulerMode.CRONJOB ? CronSyntax.KUBERNETES : CronSyntax.KUBERNETES_OR_SECONDS;
    Schedule schedule = ScheduleJson.parse(binding.parameters(), syntax, boundApp);
    MDC.put(AppGuid.LOG_KEY, schedule.appGuid().value());
    Owner owner = new Owner(instance.instanceId(), binding.bindingId());
    return changes -> {
      claim(schedule.appGuid(), owner, changes);
      refuseSecondSchedule(schedule.appGuid(), owner, mode, changes.api());
      for (HasMetadata object : desired(schedule, owner, mode)) {
        try {
          changes.create(object);
        } catch (Changes.AlreadyExistsException e) {
          throw alreadyScheduled(schedule.appGuid(), e.getMessage());
        }
      }
    };
  }

  /**
   * Deletes the binding's CronJobs, then its ConfigMaps (the schedule in daemon mode, and the app's
   * claim last, so the app stays claimed until its schedule is gone), whichever mode made them.
   */
  @Override
  public void unbind(BindingRecord binding, Api api) {
    String owner = Names.idLabel(binding.bindingId());
    api.idempotent(
        "deleting the binding's CronJobs",
        c ->
            c.batch()
                .v1()
                .cronjobs()
                .inNamespace(settings.namespace())
                .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_BROKER)
                .withLabel(Labels.BINDING, owner)
                .delete());
    // the schedule (daemon mode), then the claim: the app stays claimed until its schedule is gone
    for (Map.Entry<String, String> kind :
        List.of(
            Map.entry(ScheduleConfigMap.LABEL, ScheduleConfigMap.LABEL_VALUE),
            Map.entry(Labels.APP_CLAIM, "true"))) {
      api.idempotent(
          "deleting the binding's " + kind.getKey() + " ConfigMap",
          c ->
              c.configMaps()
                  .inNamespace(settings.namespace())
                  .withLabel(kind.getKey(), kind.getValue())
                  .withLabel(Labels.BINDING, owner)
                  .delete());
    }
  }

  /**
   * One schedule per app, whatever its sides: the app's claim ConfigMap is created before any
   * schedule object, by name, so of two binds of one app exactly one create succeeds.
   */
  private void claim(AppGuid app, Owner owner, Changes changes) {
    try {
      changes.create(SchedulerResources.appClaim(app, owner, settings));
    } catch (Changes.AlreadyExistsException e) {
      throw alreadyScheduled(app, "it is claimed by another binding");
    }
  }

  private List<? extends HasMetadata> desired(Schedule schedule, Owner owner, SchedulerMode mode) {
    return mode == SchedulerMode.CRONJOB
        ? SchedulerResources.cronJobs(schedule, owner, settings)
        : List.of(SchedulerResources.scheduleConfigMap(schedule, owner, settings));
  }

  /** Resolved on first use, not at start-up, so the broker starts while the API is away. */
  private SchedulerMode mode() {
    SchedulerMode mode = resolvedMode;
    if (mode == null) {
      mode = configuredMode.resolve(client);
      resolvedMode = mode;
    }
    return mode;
  }

  /**
   * CronJobs made before apps were claimed (by an earlier broker version) have no claim: they are
   * looked up too. Switching SCHEDULER_MODE with such bindings is not supported.
   */
  private void refuseSecondSchedule(AppGuid app, Owner owner, SchedulerMode mode, Api api) {
    if (mode != SchedulerMode.CRONJOB) {
      return;
    }
    api
        .idempotent(
            "listing the app's CronJobs",
            c ->
                c.batch()
                    .v1()
                    .cronjobs()
                    .inNamespace(settings.namespace())
                    .withLabel(Labels.APP_GUID, app.value())
                    .list())
        .getItems()
        .stream()
        .filter(job -> !owner.owns(job))
        .findFirst()
        .ifPresent(
            job -> {
              throw alreadyScheduled(app, "CronJob " + job.getMetadata().getName() + " exists");
            });
  }

  private static OsbException alreadyScheduled(AppGuid app, String detail) {
    return OsbException.conflict(
        "app "
            + app
            + " already has a schedule ("
            + detail
            + "); an app can have one schedule: unbind the existing binding first");
  }
}
