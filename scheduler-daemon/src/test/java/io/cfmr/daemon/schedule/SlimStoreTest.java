package io.cfmr.daemon.schedule;

import static io.cfmr.daemon.TestSchedules.APP_A;

import io.cfmr.broker.kube.ExpectedYaml;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlimStoreTest {

  @Test
  void theCacheKeepsOfAConfigMapOnlyWhatTheSourceReads() {
    ConfigMap stored = ConfigMapScheduleSourceTest.configMap(APP_A, "{}", true);
    stored.getMetadata().setUid("0b6e4c1e-5d7e-4c55-9f0e-2a3c1f2b9d01");
    stored.getMetadata().setResourceVersion("42");
    stored.getMetadata().setCreationTimestamp("2026-12-01T05:00:00Z");
    stored.getMetadata().getAnnotations().put("cfmr.io/instance-id", "instance-1");
    stored
        .getMetadata()
        .setManagedFields(
            List.of(
                new ManagedFieldsEntryBuilder()
                    .withManager("cfmr-broker")
                    .withOperation("Update")
                    .build()));
    stored.getData().put("other", "not read");

    ExpectedYaml.assertMatches(
        ConfigMapScheduleSource.SlimStore.slim(stored), "configmap-schedule-cached");
  }
}
