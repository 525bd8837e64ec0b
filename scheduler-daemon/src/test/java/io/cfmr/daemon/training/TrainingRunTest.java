package io.cfmr.daemon.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrainingRunTest {

  @Test
  void theImageBuildsTrainingRunReconcilesEveryAppAgainstItsCannedApisAndSucceeds() {
    // A failing training run would silently leave the image with a useless CDS archive.
    assertThat(TrainingRun.run()).isZero();
  }
}
