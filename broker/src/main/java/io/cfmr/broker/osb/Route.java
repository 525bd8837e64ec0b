package io.cfmr.broker.osb;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which {@link Operation} a method and path ask for, and the ids in the path.
 *
 * @param osb true for {@code /v2/...}, which needs auth and the version header
 */
record Route(Operation operation, boolean osb, String instanceId, String bindingId) {

  /**
   * OSB ids may in principle be any string; the Cloud Controller sends GUIDs. Accepting only URL
   * unreserved characters keeps ids out of paths, logs and Kubernetes names in any other shape.
   */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,254}");

  static Route match(String method, String path) {
    List<String> given = segments(path);
    boolean osb = given.get(0).equals("v2");
    boolean pathKnown = false;
    for (Operation operation : Operation.values()) {
      if (operation.method() != null && matches(operation.segments(), given)) {
        pathKnown = true;
        if (operation.method().equals(method)) {
          return new Route(
              operation,
              osb,
              at(operation, Operation.INSTANCE, given),
              at(operation, Operation.BINDING, given));
        }
      }
    }
    return new Route(
        pathKnown ? Operation.METHOD_NOT_ALLOWED : Operation.NOT_FOUND, osb, null, null);
  }

  /** A path's segments, leading slashes ignored; never empty. */
  static List<String> segments(String path) {
    return List.of(path.replaceFirst("^/+", "").split("/", -1));
  }

  /** The name in metrics and logs. */
  String label() {
    return operation.label();
  }

  /** Throws a 400 when an id in the path is not one the broker accepts. */
  void checkIds() {
    check("instance_id", instanceId);
    check("binding_id", bindingId);
  }

  private static boolean matches(List<String> pattern, List<String> given) {
    if (pattern.size() != given.size()) {
      return false;
    }
    for (int i = 0; i < pattern.size(); i++) {
      String want = pattern.get(i);
      if (!want.startsWith("{") && !want.equals(given.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static String at(Operation operation, String placeholder, List<String> given) {
    int index = operation.segments().indexOf(placeholder);
    return index < 0 ? null : given.get(index);
  }

  private static void check(String what, String id) {
    if (id != null && !ID.matcher(id).matches()) {
      throw OsbException.badRequest(
          what
              + " in the path must be 1 to 255 characters of letters, digits and '-._~',"
              + " not starting with '.'");
    }
  }
}
