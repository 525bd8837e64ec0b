package io.cfmr.broker;

import static io.cfmr.broker.Requests.REFERENCE_PORTS;
import static io.cfmr.broker.Requests.c2cDelete;
import static io.cfmr.broker.Requests.id;
import static io.cfmr.broker.Requests.instancePath;
import static io.cfmr.broker.Requests.provisionC2c;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfmr.broker.BrokerHarness.Response;
import io.cfmr.broker.kube.ApiServerRules;
import io.cfmr.broker.scheduler.SchedulerMode;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** cf create-service network-policy c2c ... as the reference runs it. */
class C2cProvisionTest {

  private static final String NS = "cfmr-eirini";

  @RegisterExtension
  static final BrokerHarness broker = BrokerHarness.inMode(SchedulerMode.CRONJOB);

  private static Service service(String name) {
    return broker.client().services().inNamespace(NS).withName(name).get();
  }

  private static List<NetworkPolicy> policiesFor(String destination) {
    return broker
        .client()
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(NS)
        .withLabel("cfmr.io/c2c-service", destination)
        .list()
        .getItems();
  }

  @Test
  void referenceExampleCreatesTheServiceAndNetworkPolicy() {
    String instance = id();
    Response response =
        broker.put(instancePath(instance), provisionC2c("backend", REFERENCE_PORTS));
    assertThat(response.status()).as(response.text()).isEqualTo(201);
    Service service = service("backend");
    assertThat(service.getSpec().getSelector())
        .containsEntry("cloudfoundry.org/app_guid", Requests.BACKEND);
    assertThat(service.getSpec().getPorts()).hasSize(6);
    ApiServerRules.assertValid(service);
    List<NetworkPolicy> policies = policiesFor("backend");
    assertThat(policies).hasSize(1);
    assertThat(policies.get(0).getMetadata().getName()).matches("c2c-[a-z0-9]{8}-backend");
    assertThat(policies.get(0).getSpec().getPodSelector().getMatchLabels())
        .containsEntry("cloudfoundry.org/app_guid", Requests.BACKEND);
    assertThat(broker.delete(instancePath(instance) + c2cDelete()).status()).isEqualTo(200);
    assertThat(service("backend")).isNull();
    assertThat(policiesFor("backend")).isEmpty();
  }

  @Test
  void secondInstanceForTheSameBackendSharesTheServiceUntilTheLastIsDeleted() {
    String first = id();
    String second = id();
    assertThat(broker.put(instancePath(first), provisionC2c("shared", REFERENCE_PORTS)).status())
        .isEqualTo(201);
    assertThat(broker.put(instancePath(second), provisionC2c("shared", REFERENCE_PORTS)).status())
        .isEqualTo(201);
    assertThat(policiesFor("shared")).hasSize(2);
    assertThat(broker.delete(instancePath(first) + c2cDelete()).status()).isEqualTo(200);
    assertThat(service("shared")).isNotNull();
    assertThat(policiesFor("shared")).hasSize(1);
    assertThat(broker.delete(instancePath(second) + c2cDelete()).status()).isEqualTo(200);
    assertThat(service("shared")).isNull();
    assertThat(policiesFor("shared")).isEmpty();
  }

  @Test
  void sameDestinationNameWithOtherPortsIs409AndCreatesNothing() {
    assertThat(broker.put(instancePath(id()), provisionC2c("taken", REFERENCE_PORTS)).status())
        .isEqualTo(201);
    String other = id();
    Response response =
        broker.put(
            instancePath(other), provisionC2c("taken", "[{\"name\":\"web\",\"port\":8080}]"));
    assertThat(response.status()).isEqualTo(409);
    assertThat(response.json().get("description").asText()).contains("taken").contains("ports");
    assertThat(policiesFor("taken")).hasSize(1);
    assertThat(service("taken").getSpec().getPorts()).hasSize(6);
    assertThat(broker.get(instancePath(other)).status()).isEqualTo(404);
  }

  @Test
  void sameDestinationNameForAnotherGuidIs409() {
    assertThat(broker.put(instancePath(id()), provisionC2c("guid-taken", REFERENCE_PORTS)).status())
        .isEqualTo(201);
    String body =
        provisionC2c("guid-taken", REFERENCE_PORTS)
            .replace(Requests.BACKEND, "11111111-2222-3333-4444-555555555555");
    Response response = broker.put(instancePath(id()), body);
    assertThat(response.status()).isEqualTo(409);
    assertThat(response.json().get("description").asText()).contains("destination-guid");
  }

  @Test
  void serviceNotMadeByTheBrokerIsNeverOverwritten() {
    broker
        .client()
        .services()
        .inNamespace(NS)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("foreign")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build())
        .create();
    Response response = broker.put(instancePath(id()), provisionC2c("foreign", REFERENCE_PORTS));
    assertThat(response.status()).isEqualTo(409);
    assertThat(service("foreign").getMetadata().getLabels()).isNullOrEmpty();
    assertThat(policiesFor("foreign")).isEmpty();
  }

  @Test
  void upperCaseGuidsAreNormalized() {
    String instance = id();
    String body =
        provisionC2c("upper", REFERENCE_PORTS)
            .replace(Requests.BACKEND, Requests.BACKEND.toUpperCase());
    assertThat(broker.put(instancePath(instance), body).status()).isEqualTo(201);
    assertThat(service("upper").getSpec().getSelector())
        .containsEntry("cloudfoundry.org/app_guid", Requests.BACKEND);
  }
}
