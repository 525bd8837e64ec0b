package io.cfmr.broker.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.time.ZoneId;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validation a real API server applies and the CRUD mock skips (docs/contract.md, "Rules every
 * object meets").
 */
public final class ApiServerRules {

  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private ApiServerRules() {}

  public static void assertValid(HasMetadata object) {
    String name = object.getMetadata().getName();
    assertThat(name).hasSizeLessThanOrEqualTo(253).matches(DNS_SUBDOMAIN);
    assertLabels(object.getMetadata().getLabels());
    if (object instanceof CronJob job) {
      assertThat(name).hasSizeLessThanOrEqualTo(52);
      assertThat(job.getSpec().getSchedule()).doesNotContainIgnoringCase("TZ=");
      assertThat(ZoneId.getAvailableZoneIds()).contains(job.getSpec().getTimeZone());
      assertThat(
              job.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getRestartPolicy())
          .isIn("OnFailure", "Never");
      var seccomp =
          job.getSpec()
              .getJobTemplate()
              .getSpec()
              .getTemplate()
              .getSpec()
              .getSecurityContext()
              .getSeccompProfile();
      if (seccomp != null && !"Localhost".equals(seccomp.getType())) {
        assertThat(seccomp.getLocalhostProfile())
            .as("localhostProfile only with Localhost")
            .isNull();
      }
      assertLabels(
          job.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels());
      assertValid(job.getSpec().getJobTemplate().getSpec());
    }
    if (object instanceof Service service) {
      assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
      assertThat(service.getSpec().getPorts())
          .extracting(ServicePort::getName)
          .doesNotHaveDuplicates()
          .doesNotContainNull();
    }
    if (object instanceof RoleBinding binding) {
      assertThat(binding.getRoleRef().getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
      binding.getSubjects().stream()
          .filter(s -> s.getKind().equals("ServiceAccount"))
          .forEach(s -> assertThat(s.getNamespace()).isNotBlank());
    }
  }

  /** A Job's pod failure policy, as the API server validates it. */
  private static void assertValid(JobSpec job) {
    PodFailurePolicy policy = job.getPodFailurePolicy();
    if (policy == null) {
      return;
    }
    assertThat(job.getTemplate().getSpec().getRestartPolicy())
        .as("podFailurePolicy needs restartPolicy Never")
        .isEqualTo("Never");
    for (PodFailurePolicyRule rule : policy.getRules()) {
      assertThat(rule.getAction()).isIn("FailJob", "Ignore", "Count");
      assertThat(rule.getOnExitCodes() == null)
          .as("exactly one of onExitCodes and onPodConditions")
          .isNotEqualTo(rule.getOnPodConditions().isEmpty());
      if (rule.getOnExitCodes() != null) {
        assertThat(rule.getOnExitCodes().getOperator()).isIn("In", "NotIn");
        assertThat(rule.getOnExitCodes().getValues())
            .isNotEmpty()
            .doesNotHaveDuplicates()
            .isSorted()
            .as("0 is not allowed with In")
            .doesNotContain(0);
      }
    }
  }

  private static void assertLabels(Map<String, String> labels) {
    if (labels == null) {
      return;
    }
    labels.forEach(
        (key, value) ->
            assertThat(value).as(key).hasSizeLessThanOrEqualTo(63).matches(LABEL_VALUE));
  }
}
