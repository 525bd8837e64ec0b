package io.cfmr.broker.osb;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which operation a method and path ask for, and the ids in the path.
 *
 * @param operation the name used in metrics and logs, e.g. {@code bind}
 * @param osb true for {@code /v2/...}, which needs auth and the version header
 */
record Route(String operation, boolean osb, String instanceId, String bindingId) {

  static final String NOT_FOUND = "not_found";
  static final String METHOD_NOT_ALLOWED = "method_not_allowed";

  /**
   * OSB ids may in principle be any string; the Cloud Controller sends GUIDs. Accepting only URL
   * unreserved characters keeps ids out of paths, logs and Kubernetes names in any other shape.
   */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,254}");

  static Route match(String method, String path) {
    List<String> s = List.of(path.replaceFirst("^/+", "").split("/", -1));
    boolean osb = !s.isEmpty() && s.get(0).equals("v2");
    if (!osb) {
      return s.size() == 1 && List.of("healthz", "readyz", "metrics").contains(s.get(0))
          ? byMethod(method, "GET", s.get(0), false, null, null)
          : new Route(NOT_FOUND, false, null, null);
    }
    if (s.size() == 2 && s.get(1).equals("catalog")) {
      return byMethod(method, "GET", "catalog", true, null, null);
    }
    if (s.size() < 3 || !s.get(1).equals("service_instances")) {
      return new Route(NOT_FOUND, true, null, null);
    }
    String instance = s.get(2);
    if (s.size() == 3) {
      return switch (method) {
        case "PUT" -> new Route("provision", true, instance, null);
        case "PATCH" -> new Route("update", true, instance, null);
        case "GET" -> new Route("fetch_instance", true, instance, null);
        case "DELETE" -> new Route("deprovision", true, instance, null);
        default -> new Route(METHOD_NOT_ALLOWED, true, null, null);
      };
    }
    if (s.size() == 4 && s.get(3).equals("last_operation")) {
      return byMethod(method, "GET", "instance_last_operation", true, instance, null);
    }
    if (s.size() < 5 || !s.get(3).equals("service_bindings")) {
      return new Route(NOT_FOUND, true, null, null);
    }
    String binding = s.get(4);
    if (s.size() == 5) {
      return switch (method) {
        case "PUT" -> new Route("bind", true, instance, binding);
        case "GET" -> new Route("fetch_binding", true, instance, binding);
        case "DELETE" -> new Route("unbind", true, instance, binding);
        default -> new Route(METHOD_NOT_ALLOWED, true, null, null);
      };
    }
    if (s.size() == 6 && s.get(5).equals("last_operation")) {
      return byMethod(method, "GET", "binding_last_operation", true, instance, binding);
    }
    return new Route(NOT_FOUND, true, null, null);
  }

  /** Throws a 400 when an id in the path is not one the broker accepts. */
  void checkIds() {
    check("instance_id", instanceId);
    check("binding_id", bindingId);
  }

  private static void check(String what, String id) {
    if (id != null && !ID.matcher(id).matches()) {
      throw OsbException.badRequest(
          what
              + " in the path must be 1 to 255 characters of letters, digits and '-._~',"
              + " not starting with '.'");
    }
  }

  private static Route byMethod(
      String method,
      String allowed,
      String operation,
      boolean osb,
      String instance,
      String binding) {
    return method.equals(allowed)
        ? new Route(operation, osb, instance, binding)
        : new Route(METHOD_NOT_ALLOWED, osb, null, null);
  }
}
