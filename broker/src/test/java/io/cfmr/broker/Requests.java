package io.cfmr.broker;

import static io.cfmr.broker.BrokerHarness.APPSTATE_ID;
import static io.cfmr.broker.BrokerHarness.C2C_PLAN_ID;
import static io.cfmr.broker.BrokerHarness.C2C_SERVICE_ID;
import static io.cfmr.broker.BrokerHarness.SCHEDULER_ID;

import java.util.UUID;

/** OSB request bodies and paths as the Cloud Controller sends them. */
public final class Requests {

  /** The reference's c2c example, with its GUIDs filled in. */
  public static final String REFERENCE_PORTS =
      """
      [{"name":"cat1","port":7007,"targetport":7007,"protocol":"tcp"},
       {"name":"cat2","port":7008,"targetport":7008,"protocol":"TCP"},
       {"name":"cat2a","port":7009,"targetport":7009,"protocol":"TCP"},
       {"name":"cat3","port":9001,"targetport":9001,"protocol":"udp"},
       {"name":"cat4","port":9002,"targetport":9002,"protocol":"UDP"},
       {"name":"cat4a","port":9003,"targetport":9003,"protocol":"UDP"}]""";

  public static final String FRONTEND = "0a4a1c8e-3f1d-4d7e-9a55-1b6c2f0e9d11";
  public static final String BACKEND = "cb203632-efaf-47f1-ae65-68b856a28c6f";

  private Requests() {}

  public static String id() {
    return UUID.randomUUID().toString();
  }

  public static String instancePath(String instanceId) {
    return "/v2/service_instances/" + instanceId;
  }

  public static String bindingPath(String instanceId, String bindingId) {
    return instancePath(instanceId) + "/service_bindings/" + bindingId;
  }

  public static String deleteQuery(String serviceId, String planId) {
    return "?service_id=" + serviceId + "&plan_id=" + planId;
  }

  public static String schedulerDelete() {
    return deleteQuery(SCHEDULER_ID, APPSTATE_ID);
  }

  public static String c2cDelete() {
    return deleteQuery(C2C_SERVICE_ID, C2C_PLAN_ID);
  }

  public static String provisionScheduler() {
    return provision(SCHEDULER_ID, APPSTATE_ID, "{}");
  }

  public static String provision(String serviceId, String planId, String parameters) {
    return """
        {"service_id":"%s","plan_id":"%s","organization_guid":"org-1","space_guid":"space-1",
         "context":{"platform":"cloudfoundry","instance_name":"cfmr-scheduler"},
         "parameters":%s}"""
        .formatted(serviceId, planId, parameters);
  }

  public static String c2cParameters(String destinationName, String ports) {
    return """
        {"source-guid":"%s","destination-appname":"%s","destination-guid":"%s","ports":%s}"""
        .formatted(FRONTEND, destinationName, BACKEND, ports);
  }

  public static String provisionC2c(String destinationName, String ports) {
    return provision(C2C_SERVICE_ID, C2C_PLAN_ID, c2cParameters(destinationName, ports));
  }

  /** The reference's bind parameters for app {@code app}. */
  public static String scheduleParameters(String app) {
    return """
        {"app-guid":"%s","cron":{"start":"*/2 * * * *","stop":"1/2 * * * *","suspend":false}}"""
        .formatted(app);
  }

  /** Bind parameters of a schedule for the bound app that only starts it. */
  public static String cronStart(String start) {
    return """
        {"cron":{"start":"%s"}}"""
        .formatted(start);
  }

  /** Bind parameters of a schedule for the bound app that only stops it. */
  public static String cronStop(String stop) {
    return """
        {"cron":{"stop":"%s"}}"""
        .formatted(stop);
  }

  /** Bind parameters of a schedule for the bound app, with these start and stop expressions. */
  public static String cronParameters(String start, String stop) {
    return """
        {"cron":{"start":"%s","stop":"%s"}}"""
        .formatted(start, stop);
  }

  /** A bind for app {@code boundApp} (the bind_resource) with the given parameters. */
  public static String bind(String boundApp, String parameters) {
    return """
        {"service_id":"%s","plan_id":"%s","bind_resource":{"app_guid":"%s"},"parameters":%s}"""
        .formatted(SCHEDULER_ID, APPSTATE_ID, boundApp, parameters);
  }

  /** A bind with no app at all, as {@code cf create-service-key} sends. */
  public static String bindWithoutApp(String parameters) {
    return """
        {"service_id":"%s","plan_id":"%s","parameters":%s}"""
        .formatted(SCHEDULER_ID, APPSTATE_ID, parameters);
  }
}
