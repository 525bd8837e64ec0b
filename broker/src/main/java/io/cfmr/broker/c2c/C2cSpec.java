package io.cfmr.broker.c2c;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfmr.broker.kube.Names;
import io.cfmr.broker.osb.OsbException;
import io.cfmr.schedule.AppGuid;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The c2c provision parameters, as in the reference:
 *
 * <pre>{@code
 * {"source-guid": GUID, "destination-appname": "backend", "destination-guid": GUID,
 *  "ports": [{"name": "cat1", "port": 7007, "targetport": 7007, "protocol": "tcp"}, ...]}
 * }</pre>
 *
 * The catalog's JSON Schema checks shapes and types first; this checks what a schema cannot say
 * (unique names and port/protocol pairs) and normalizes (GUID and protocol case).
 */
public record C2cSpec(
    AppGuid source, String destinationAppName, AppGuid destination, List<PortSpec> ports) {

  public C2cSpec {
    if (!Names.isDns1035Label(destinationAppName)) {
      throw OsbException.badRequest(
          "invalid parameters: destination-appname: expected a DNS-1035 label (at most 63"
              + " lower-case letters, digits and '-', starting with a letter, not ending with"
              + " '-'), such as 'backend'");
    }
    ports = List.copyOf(ports);
    if (ports.isEmpty()) {
      throw OsbException.badRequest("invalid parameters: ports: expected at least one port");
    }
    Set<String> names = new HashSet<>();
    Set<String> portProtocols = new HashSet<>();
    for (PortSpec port : ports) {
      if (!names.add(port.name())) {
        throw OsbException.badRequest(
            "invalid parameters: ports: the name '" + port.name() + "' is used twice");
      }
      if (!portProtocols.add(port.port() + "/" + port.protocol())) {
        throw OsbException.badRequest(
            "invalid parameters: ports: "
                + port.port()
                + "/"
                + port.protocol()
                + " is given twice");
      }
    }
  }

  /** Reads parameters that passed the catalog schema. */
  public static C2cSpec parse(JsonNode parameters) {
    List<PortSpec> ports = new ArrayList<>();
    JsonNode list = parameters.path("ports");
    for (int i = 0; i < list.size(); i++) {
      JsonNode port = list.get(i);
      try {
        ports.add(
            new PortSpec(
                port.path("name").asText(null),
                port.path("port").asInt(),
                port.path("targetport").asInt(port.path("port").asInt()),
                port.path("protocol").asText("TCP")));
      } catch (IllegalArgumentException e) {
        throw OsbException.badRequest("invalid parameters: ports[" + i + "]." + e.getMessage());
      }
    }
    return new C2cSpec(
        AppGuid.parse("source-guid", parameters.path("source-guid").asText(null)),
        parameters.path("destination-appname").asText(null),
        AppGuid.parse("destination-guid", parameters.path("destination-guid").asText(null)),
        ports);
  }
}
