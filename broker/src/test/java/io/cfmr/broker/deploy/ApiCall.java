package io.cfmr.broker.deploy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One Kubernetes API call as RBAC sees it: API group ({@code ""} for core), resource, namespace
 * (null: cluster-wide), verb, and the object's name where RBAC may restrict by {@code
 * resourceNames} (null otherwise).
 */
record ApiCall(String group, String resource, String namespace, String verb, String name) {

  /** Without the name: what a rule without {@code resourceNames} grants. */
  ApiCall anyName() {
    return new ApiCall(group, resource, namespace, verb, null);
  }

  @Override
  public String toString() {
    return verb
        + " "
        + (group.isEmpty() ? "" : group + "/")
        + resource
        + (name == null ? "" : "/" + name)
        + (namespace == null ? " (cluster)" : " in " + namespace);
  }

  /**
   * The call an HTTP request to the API server makes, as the API server's authorizer reads it;
   * empty for a non-resource request (discovery: {@code /api}, {@code /apis/GROUP/VERSION}, ...).
   */
  static Optional<ApiCall> of(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query =
        q < 0 ? "" : URLDecoder.decode(pathAndQuery.substring(q + 1), StandardCharsets.UTF_8);
    List<String> parts = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    int start;
    String group;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      start = 2;
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      start = 3;
    } else {
      return Optional.empty();
    }
    List<String> rest = parts.subList(start, parts.size());
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    } else if (rest.size() >= 1 && rest.get(0).equals("namespaces")) {
      // the namespace object itself
      namespace = null;
    }
    String resource = rest.get(0) + (rest.size() > 2 ? "/" + rest.get(2) : "");
    String name = rest.size() > 1 ? rest.get(1) : null;
    boolean watch = Arrays.asList(query.split("&")).contains("watch=true");
    String verb =
        switch (method) {
          case "GET" -> name != null ? "get" : watch ? "watch" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> name != null ? "delete" : "deletecollection";
          default -> throw new IllegalArgumentException("unexpected method " + method);
        };
    return Optional.of(new ApiCall(group, resource, namespace, verb, name));
  }
}
