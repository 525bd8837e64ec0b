package io.cfmr.broker.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.broker.BrokerHarness;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.cfmr.broker.scheduler.SchedulerResources;
import io.cfmr.broker.scheduler.TogglerSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The daemon starts and stops whatever apps the ConfigMaps in {@code cfmr} name, so whoever may
 * write a ConfigMap there holds the CF client's power: in everything {@code deploy/} renders, plus
 * the toggler's Role and RoleBinding the broker writes at run time, only the broker's
 * ServiceAccount may create, change or delete ConfigMaps in {@code cfmr} (docs/deploy.md, "Who may
 * write schedules").
 */
class ScheduleWritersTest {

  private static final String NS = "cfmr";
  private static final String BROKER = "ServiceAccount " + NS + "/cfmr-broker";
  private static final Set<String> WRITE_VERBS =
      Set.of("create", "update", "patch", "delete", "deletecollection", "*");

  @Test
  void onlyTheBrokersServiceAccountMayWriteConfigMapsInTheSchedulerNamespace() {
    assertThat(configMapWriters(everyObject()))
        .as("subjects that may write ConfigMaps in %s, with the bindings that let them", NS)
        .containsOnlyKeys(BROKER);
  }

  /** The check itself finds a writer: one more grant of an otherwise harmless Role is caught. */
  @Test
  void aDaemonRoleThatMayPatchConfigMapsIsCaught() {
    List<HasMetadata> objects = new ArrayList<>(everyObject());
    Role daemon =
        objects.stream()
            .filter(Role.class::isInstance)
            .map(Role.class::cast)
            .filter(r -> r.getMetadata().getName().equals("cfmr-scheduler-daemon"))
            .findFirst()
            .orElseThrow();
    objects.remove(daemon);
    objects.add(
        daemon
            .edit()
            .addNewRule()
            .withApiGroups("")
            .withResources("configmaps")
            .withVerbs("patch")
            .endRule()
            .build());
    assertThat(configMapWriters(objects))
        .containsOnlyKeys(BROKER, "ServiceAccount " + NS + "/cfmr-scheduler-daemon");
  }

  /** A binding to a ClusterRole deploy/ does not define (edit, admin, ...) counts as a writer. */
  @Test
  void aBindingToABuiltInClusterRoleCounts() {
    List<HasMetadata> objects = new ArrayList<>(everyObject());
    objects.add(
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName("ci-deployer")
            .withNamespace(NS)
            .endMetadata()
            .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "edit")
            .addNewSubject()
            .withKind("User")
            .withName("ci")
            .endSubject()
            .build());
    assertThat(configMapWriters(objects)).containsKey("User ci");
  }

  /** Every object of every Kustomization, and what the broker itself grants the toggler. */
  private static List<HasMetadata> everyObject() {
    Map<String, HasMetadata> objects = new LinkedHashMap<>();
    for (Path dir : DeployFiles.kustomizationDirs()) {
      if (!DeployFiles.isComponent(dir)) {
        DeployFiles.rendered(dir).forEach(o -> objects.putIfAbsent(DeployFiles.id(o), o));
      }
    }
    TogglerSettings toggler = BrokerHarness.config(SchedulerMode.CRONJOB).toggler();
    List<HasMetadata> all = new ArrayList<>(objects.values());
    all.add(SchedulerResources.role(toggler));
    all.add(SchedulerResources.roleBinding(toggler));
    return all;
  }

  /** Each subject that may write ConfigMaps in {@link #NS}, with the bindings that allow it. */
  private static Map<String, Set<String>> configMapWriters(List<HasMetadata> objects) {
    Map<String, Set<String>> writers = new TreeMap<>();
    for (HasMetadata object : objects) {
      RoleRef ref;
      List<Subject> subjects;
      if (object instanceof RoleBinding binding
          && NS.equals(binding.getMetadata().getNamespace())) {
        ref = binding.getRoleRef();
        subjects = binding.getSubjects();
      } else if (object instanceof ClusterRoleBinding binding) {
        ref = binding.getRoleRef();
        subjects = binding.getSubjects();
      } else {
        continue;
      }
      // A role deploy/ does not define is one of the cluster's (edit, admin, cluster-admin, ...):
      // assume it writes ConfigMaps, as the built-in ones do.
      boolean writes = rules(objects, ref).map(ScheduleWritersTest::writeConfigMaps).orElse(true);
      if (writes) {
        for (Subject subject : subjects) {
          writers
              .computeIfAbsent(subject(subject), s -> new TreeSet<>())
              .add(DeployFiles.id(object));
        }
      }
    }
    return writers;
  }

  /** The rules of the Role (in {@link #NS}) or ClusterRole a binding names, if defined here. */
  private static Optional<List<PolicyRule>> rules(List<HasMetadata> objects, RoleRef ref) {
    return objects.stream()
        .filter(o -> o.getKind().equals(ref.getKind()))
        .filter(o -> o.getMetadata().getName().equals(ref.getName()))
        .filter(o -> o instanceof ClusterRole || NS.equals(o.getMetadata().getNamespace()))
        .findFirst()
        .map(
            o ->
                o instanceof Role role
                    ? role.getRules()
                    : Optional.ofNullable(((ClusterRole) o).getRules())
                        .orElse(Collections.emptyList()));
  }

  private static boolean writeConfigMaps(List<PolicyRule> rules) {
    return rules.stream()
        .anyMatch(
            rule ->
                (rule.getApiGroups().contains("") || rule.getApiGroups().contains("*"))
                    && (rule.getResources().contains("configmaps")
                        || rule.getResources().contains("*"))
                    && rule.getVerbs().stream().anyMatch(WRITE_VERBS::contains));
  }

  private static String subject(Subject subject) {
    return subject.getKind()
        + " "
        + (subject.getNamespace() == null ? "" : subject.getNamespace() + "/")
        + subject.getName();
  }
}
