package io.cfmr.broker.c2c;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfmr.broker.Requests;
import io.cfmr.broker.kube.ApiServerRules;
import io.cfmr.broker.kube.ExpectedYaml;
import io.cfmr.broker.osb.Json;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

class C2cResourcesTest {

  static final C2cSpec REFERENCE =
      C2cSpec.parse(
          Json.read(Requests.c2cParameters("backend", Requests.REFERENCE_PORTS), JsonNode.class));

  @Test
  void referenceExampleBecomesTheExpectedService() {
    Service service = C2cResources.service(REFERENCE, "cfmr-eirini");
    ExpectedYaml.assertMatches(service, "service-backend");
    ApiServerRules.assertValid(service);
  }

  @Test
  void referenceExampleBecomesTheExpectedNetworkPolicy() {
    NetworkPolicy policy = C2cResources.networkPolicy(REFERENCE, "front2back-1", "cfmr-eirini");
    ExpectedYaml.assertMatches(policy, "networkpolicy-backend");
    ApiServerRules.assertValid(policy);
    assertThat(policy.getMetadata().getName()).matches("c2c-[a-z0-9]{8}-backend");
  }

  @Test
  void protocolsAreUpperCasedAndPolicyPortsAreDistinct() {
    assertThat(REFERENCE.ports()).extracting(PortSpec::protocol).containsOnly("TCP", "UDP");
    NetworkPolicy policy = C2cResources.networkPolicy(REFERENCE, "i", "ns");
    assertThat(policy.getSpec().getIngress().get(0).getPorts()).hasSize(6);
  }

  @Test
  void serviceWithSameSelectorAndPortsInAnyOrderIsTheSameBackend() {
    Service desired = C2cResources.service(REFERENCE, "ns");
    Service reordered = C2cResources.service(REFERENCE, "ns");
    java.util.Collections.reverse(reordered.getSpec().getPorts());
    assertThat(C2cResources.sameBackend(reordered, desired)).isTrue();
    reordered.getSpec().getPorts().remove(0);
    assertThat(C2cResources.sameBackend(reordered, desired)).isFalse();
  }
}
