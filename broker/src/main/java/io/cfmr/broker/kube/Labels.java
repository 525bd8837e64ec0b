package io.cfmr.broker.kube;

import io.cfmr.schedule.ScheduleConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/** Label and annotation keys the broker puts on the objects it owns. */
public final class Labels {

  // Shared with the daemon, which trusts only schedule ConfigMaps that carry them.
  public static final String MANAGED_BY = ScheduleConfigMap.MANAGED_BY;
  public static final String MANAGED_BY_BROKER = ScheduleConfigMap.MANAGED_BY_BROKER;
  public static final String APP_GUID = "cloudfoundry.org/app_guid";

  /** {@link Names#idLabel} of the binding that created the object, for unbind to select. */
  public static final String BINDING = "cfmr.io/binding";

  /** {@link Names#idLabel} of the instance that created the object. */
  public static final String INSTANCE = "cfmr.io/instance";

  /** On a c2c NetworkPolicy: the Service (destination app) it opens, for sharing the Service. */
  public static final String C2C_SERVICE = "cfmr.io/c2c-service";

  /** On an app's claim ConfigMap {@code cfmr-app-GUID}: the binding that schedules the app. */
  public static final String APP_CLAIM = "cfmr.io/app-claim";

  /** On OSB records: {@code instance} or {@code binding}. */
  public static final String RECORD = "cfmr.io/osb-record";

  /** On OSB records: the catalog service name. */
  public static final String SERVICE = "cfmr.io/osb-service";

  /** The raw OSB ids, for people reading the objects (annotations allow any string). */
  public static final String BINDING_ID_ANNOTATION = ScheduleConfigMap.BINDING_ID_ANNOTATION;

  public static final String INSTANCE_ID_ANNOTATION = "cfmr.io/instance-id";

  private Labels() {}

  /** {@code managed-by: cfmr-broker} followed by {@code more} as key, value pairs. */
  public static Map<String, String> managed(String... more) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGED_BY_BROKER);
    for (int i = 0; i + 1 < more.length; i += 2) {
      labels.put(more[i], more[i + 1]);
    }
    return labels;
  }

  public static boolean isManaged(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && MANAGED_BY_BROKER.equals(labels.get(MANAGED_BY));
  }
}
