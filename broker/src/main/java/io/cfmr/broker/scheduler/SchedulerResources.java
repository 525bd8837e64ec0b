package io.cfmr.broker.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfmr.broker.kube.Labels;
import io.cfmr.broker.kube.Meta;
import io.cfmr.broker.kube.Names;
import io.cfmr.broker.kube.Owner;
import io.cfmr.cli.TogglerExitCodes;
import io.cfmr.schedule.AppGuid;
import io.cfmr.schedule.CronSpec;
import io.cfmr.schedule.Schedule;
import io.cfmr.schedule.ScheduleConfigMap;
import io.cfmr.schedule.ScheduleJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The desired Kubernetes objects of the scheduler offering, as pure functions: settings and
 * schedule in, fabric8 object out. Tests compare each with expected YAML.
 */
public final class SchedulerResources {

  /**
   * After an outage a CronJob still starts its latest missed run if it is less than this late;
   * {@code reconcile} makes a late run correct. An hour also keeps Kubernetes below its limit of
   * 100 missed runs for schedules firing every minute.
   */
  static final long STARTING_DEADLINE_SECONDS = 3600;

  /**
   * How long one Job's toggler keeps retrying a failing toggle ({@code --timeout}); a newer firing
   * of the schedule ends it sooner (docs/convergence.md).
   */
  static final Duration RETRY_WINDOW = Duration.ofMinutes(30);

  /**
   * The Job's bound: the retry window plus time to start the JVM, read the Secret and replace one
   * pod lost to a node drain.
   */
  static final long ACTIVE_DEADLINE_SECONDS = RETRY_WINDOW.plusMinutes(10).toSeconds();

  private static final String TOGGLER = "cfmr-toggler";
  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private SchedulerResources() {}

  /** The toggler may {@code get} the credentials secret and nothing else. */
  public static Role role(TogglerSettings settings) {
    return new RoleBuilder()
        .withMetadata(Meta.of(Names.TOGGLER_ROLE, settings.namespace(), Labels.managed(), Map.of()))
        .addNewRule()
        .withApiGroups("")
        .withResources("secrets")
        .withResourceNames(settings.secret())
        .withVerbs("get")
        .endRule()
        .build();
  }

  public static RoleBinding roleBinding(TogglerSettings settings) {
    return new RoleBindingBuilder()
        .withMetadata(Meta.of(Names.TOGGLER_ROLE, settings.namespace(), Labels.managed(), Map.of()))
        .withNewRoleRef(RBAC_GROUP, "Role", Names.TOGGLER_ROLE)
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(settings.serviceAccount())
        .withNamespace(settings.namespace())
        .endSubject()
        .build();
  }

  /**
   * One CronJob per side the schedule has: {@code cfmr-appstart-GUID} on {@code start}, {@code
   * cfmr-appstop-GUID} on {@code stop}. Both run the same {@code reconcile}, which sets whatever
   * state the schedule calls for at the time it runs.
   */
  public static List<CronJob> cronJobs(Schedule schedule, Owner owner, TogglerSettings settings) {
    List<CronJob> jobs = new ArrayList<>();
    schedule
        .start()
        .ifPresent(
            cron ->
                jobs.add(
                    cronJob(
                        Names.appStartCronJob(schedule.appGuid()),
                        cron,
                        schedule,
                        owner,
                        settings)));
    schedule
        .stop()
        .ifPresent(
            cron ->
                jobs.add(
                    cronJob(
                        Names.appStopCronJob(schedule.appGuid()),
                        cron,
                        schedule,
                        owner,
                        settings)));
    return jobs;
  }

  /** Daemon mode: the schedule in its JSON shape, for the daemon to watch. */
  public static ConfigMap scheduleConfigMap(
      Schedule schedule, Owner owner, TogglerSettings settings) {
    ObjectNode json = ScheduleJson.toJson(schedule);
    return new ConfigMapBuilder()
        .withMetadata(
            Meta.of(
                Names.scheduleConfigMap(schedule.appGuid()),
                settings.namespace(),
                appLabels(schedule, owner, ScheduleConfigMap.LABEL, ScheduleConfigMap.LABEL_VALUE),
                owner.annotations()))
        .withData(Map.of(ScheduleConfigMap.KEY, json.toString()))
        .build();
  }

  /**
   * The app's claim: whichever binding creates it first schedules the app (one schedule per app,
   * whatever the sides and the mode). Holds no data.
   */
  public static ConfigMap appClaim(AppGuid app, Owner owner, TogglerSettings settings) {
    Map<String, String> labels =
        Labels.managed(Labels.APP_GUID, app.value(), Labels.APP_CLAIM, "true");
    labels.putAll(owner.label());
    return new ConfigMapBuilder()
        .withMetadata(
            Meta.of(Names.appClaim(app), settings.namespace(), labels, owner.annotations()))
        .build();
  }

  private static CronJob cronJob(
      String name, CronSpec cron, Schedule schedule, Owner owner, TogglerSettings settings) {
    Map<String, String> podLabels = Labels.managed("app.kubernetes.io/name", TOGGLER);
    return new CronJobBuilder()
        .withMetadata(
            Meta.of(name, settings.namespace(), appLabels(schedule, owner), owner.annotations()))
        .withNewSpec()
        .withSchedule(cron.expression())
        .withTimeZone(schedule.timezone().getId())
        .withSuspend(schedule.suspend())
        .withConcurrencyPolicy("Forbid")
        .withStartingDeadlineSeconds(STARTING_DEADLINE_SECONDS)
        .withSuccessfulJobsHistoryLimit(1)
        .withFailedJobsHistoryLimit(3)
        .withNewJobTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(2)
        .withActiveDeadlineSeconds(ACTIVE_DEADLINE_SECONDS)
        .withPodFailurePolicy(podFailurePolicy())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(settings.serviceAccount())
        .withRestartPolicy("Never")
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withRunAsGroup(65532L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(schedule, settings))
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .withSizeLimit(new Quantity("16Mi"))
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .endJobTemplate()
        .endSpec()
        .build();
  }

  /**
   * The toggler retries within its pod, so a pod that exits with one of its own codes has decided
   * for good; only crashes (exit 1, OOM kill) count against {@code backoffLimit}, and a pod evicted
   * by a drain or preemption is replaced without counting.
   */
  private static PodFailurePolicy podFailurePolicy() {
    return new PodFailurePolicyBuilder()
        .addNewRule()
        .withAction("FailJob")
        .withNewOnExitCodes()
        .withContainerName("toggler")
        .withOperator("In")
        .withValues(TogglerExitCodes.FINAL) // a new pod would only repeat them
        .endOnExitCodes()
        .endRule()
        .addNewRule()
        .withAction("Ignore")
        .addNewOnPodCondition()
        .withType("DisruptionTarget")
        .withStatus("True")
        .endOnPodCondition()
        .endRule()
        .build();
  }

  private static Container container(Schedule schedule, TogglerSettings settings) {
    return new ContainerBuilder()
        .withName("toggler")
        .withImage(settings.image())
        .withImagePullPolicy("IfNotPresent")
        .withCommand(command(schedule, settings))
        .addNewEnv()
        .withName("POD_NAMESPACE")
        .withNewValueFrom()
        .withNewFieldRef()
        .withFieldPath("metadata.namespace")
        .endFieldRef()
        .endValueFrom()
        .endEnv()
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("192Mi"))
        .addToLimits("cpu", new Quantity("1"))
        .addToLimits("memory", new Quantity("384Mi"))
        .endResources()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withRunAsNonRoot(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .build();
  }

  /** {@code java -jar toggler-job.jar reconcile ...}: the contract's command line. */
  static List<String> command(Schedule schedule, TogglerSettings settings) {
    List<String> command = new ArrayList<>(List.of("java", "-jar", "/app/toggler-job.jar"));
    command.addAll(List.of("reconcile", "--app-guid", schedule.appGuid().value()));
    flag(command, "--start", schedule.start());
    flag(command, "--stop", schedule.stop());
    command.addAll(List.of("--timezone", schedule.timezone().getId()));
    schedule.skips().holidays().ifPresent(h -> command.addAll(List.of("--holidays", h.code())));
    if (!schedule.skips().dates().isEmpty()) {
      command.add("--skip-dates");
      command.add(
          schedule.skips().dates().stream()
              .map(LocalDate::toString)
              .collect(Collectors.joining(",")));
    }
    command.addAll(List.of("--secret", settings.secret()));
    command.addAll(List.of("--timeout", RETRY_WINDOW.toMinutes() + "m"));
    if (schedule.dryRun()) {
      command.add("--dry-run");
    }
    return command;
  }

  private static void flag(List<String> command, String flag, Optional<CronSpec> cron) {
    cron.ifPresent(c -> command.addAll(List.of(flag, c.expression())));
  }

  private static Map<String, String> appLabels(Schedule schedule, Owner owner, String... more) {
    Map<String, String> labels = Labels.managed(Labels.APP_GUID, schedule.appGuid().value());
    labels.putAll(Labels.managed(more));
    labels.putAll(owner.label());
    return labels;
  }
}
