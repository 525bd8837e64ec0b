package io.cfmr.broker.scheduler;

import io.cfmr.broker.kube.Changes;
import io.cfmr.broker.kube.Labels;
import io.cfmr.broker.kube.Names;
import io.cfmr.broker.kube.Owner;
import io.cfmr.broker.osb.BindingRecord;
import io.cfmr.broker.osb.InstanceRecord;
import io.cfmr.broker.osb.Offering;
import io.cfmr.broker.osb.OsbException;
import io.cfmr.broker.osb.ParameterSchema;
import io.cfmr.broker.osb.RecordStore;
import io.cfmr.broker.osb.ServiceDefinition;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.CronSyntax;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleConfigMap;
import io.cfmr.schedule.ScheduleJson;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;
import org.slf4j.MDC;

/**
 * scheduler/appstate. Provision makes sure the toggler's Role and RoleBinding exist (kept while any
 * scheduler instance exists); bind writes one app's schedule as CronJobs or, in daemon mode, a
 * ConfigMap.
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
  private final RecordStore<InstanceRecord> instances;
  private volatile SchedulerMode resolvedMode;

  public SchedulerOffering(
      KubernetesClient client,
      TogglerSettings settings,
      SchedulerMode mode,
      RecordStore<InstanceRecord> instances) {
    this.client = client;
    this.settings = settings;
    this.configuredMode = mode;
    this.instances = instances;
  }

  @Override
  public ServiceDefinition definition() {
    return DEFINITION;
  }

  @Override
  public Action provision(InstanceRecord instance) {
    DEFINITION.provisionSchema().validate(instance.parameters());
    return changes -> {
      createUnlessPresent(SchedulerResources.role(settings), changes);
      createUnlessPresent(SchedulerResources.roleBinding(settings), changes);
    };
  }

  /** Removes the toggler's Role and RoleBinding with the last scheduler instance. */
  @Override
  public void deprovision(InstanceRecord instance) {
    boolean last =
        instances.list(Labels.SERVICE, DEFINITION.name()).stream()
            .allMatch(other -> other.instanceId().equals(instance.instanceId()));
    if (last) {
      client.resource(SchedulerResources.roleBinding(settings)).delete();
      client.resource(SchedulerResources.role(settings)).delete();
    }
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
      refuseSecondSchedule(schedule.appGuid(), mode);
      for (HasMetadata object : desired(schedule, owner, mode)) {
        try {
          changes.create(object);
        } catch (Changes.AlreadyExistsException e) {
          throw alreadyScheduled(schedule.appGuid(), e.getMessage());
        }
      }
    };
  }

  /** Deletes the binding's CronJobs and ConfigMap, whichever mode created them. */
  @Override
  public void unbind(BindingRecord binding) {
    String owner = Names.idLabel(binding.bindingId());
    client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace(settings.namespace())
        .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_BROKER)
        .withLabel(Labels.BINDING, owner)
        .delete();
    client
        .configMaps()
        .inNamespace(settings.namespace())
        .withLabel(ScheduleConfigMap.LABEL, ScheduleConfigMap.LABEL_VALUE)
        .withLabel(Labels.BINDING, owner)
        .delete();
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
   * One schedule per app: a second would fight the first. In daemon mode the ConfigMap's name is
   * per app, so its create is the guard; in cronjob mode a one-sided schedule has only one of the
   * two names, so the app's CronJobs are looked up first (the named creates still catch the race of
   * two concurrent two-sided binds). Switching SCHEDULER_MODE with live bindings is not supported:
   * the check looks at the current mode's objects only.
   */
  private void refuseSecondSchedule(AppGuid app, SchedulerMode mode) {
    if (mode != SchedulerMode.CRONJOB) {
      return;
    }
    client
        .batch()
        .v1()
        .cronjobs()
        .inNamespace(settings.namespace())
        .withLabel(Labels.APP_GUID, app.value())
        .list()
        .getItems()
        .stream()
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

  private static void createUnlessPresent(HasMetadata object, Changes changes) {
    try {
      changes.create(object);
    } catch (Changes.AlreadyExistsException e) {
      // Another scheduler instance made it: instances share the one Role and RoleBinding.
    }
  }
}
