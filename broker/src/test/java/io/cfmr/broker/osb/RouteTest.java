package io.cfmr.broker.osb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      nullValues = "-",
      value = {
        "GET,    /v2/catalog,                                    catalog,                 true,  -,  -",
        "PUT,    /v2/service_instances/i,                        provision,               true,  i,  -",
        "PATCH,  /v2/service_instances/i,                        update,                  true,  i,  -",
        "GET,    /v2/service_instances/i,                        fetch_instance,          true,  i,  -",
        "DELETE, /v2/service_instances/i,                        deprovision,             true,  i,  -",
        "GET,    /v2/service_instances/i/last_operation,         instance_last_operation, true,  i,  -",
        "PUT,    /v2/service_instances/i/service_bindings/b,     bind,                    true,  i,  b",
        "GET,    /v2/service_instances/i/service_bindings/b,     fetch_binding,           true,  i,  b",
        "DELETE, /v2/service_instances/i/service_bindings/b,     unbind,                  true,  i,  b",
        "GET,    /v2/service_instances/i/service_bindings/b/last_operation, binding_last_operation, true, i, b",
        "GET,    /healthz,                                       healthz,                 false, -,  -",
        "GET,    //readyz,                                       readyz,                  false, -,  -",
        "GET,    /metrics,                                       metrics,                 false, -,  -",
        "POST,   /v2/catalog,                                    method_not_allowed,      true,  -,  -",
        "POST,   /v2/service_instances/i,                        method_not_allowed,      true,  -,  -",
        "PUT,    /healthz,                                       method_not_allowed,      false, -,  -",
        "GET,    /v2/nothing,                                    not_found,               true,  -,  -",
        "GET,    /v2,                                            not_found,               true,  -,  -",
        "GET,    /v2/service_instances/i/,                       not_found,               true,  -,  -",
        "GET,    /healthz/x,                                     not_found,               false, -,  -",
        "GET,    /,                                              not_found,               false, -,  -",
      })
  void eachMethodAndPathFindsItsOperationAndIds(
      String method, String path, String label, boolean osb, String instance, String binding) {
    Route route = Route.match(method, path);

    assertThat(route.label()).isEqualTo(label);
    assertThat(route.osb()).isEqualTo(osb);
    assertThat(route.instanceId()).isEqualTo(instance);
    assertThat(route.bindingId()).isEqualTo(binding);
  }
}
