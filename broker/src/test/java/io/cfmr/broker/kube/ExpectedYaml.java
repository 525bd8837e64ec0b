package io.cfmr.broker.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares a built object with {@code src/test/resources/expected/NAME.yaml}, parsed, so that key
 * order and quoting do not matter. With {@code -Dexpected.write=true} the file is (re)written
 * instead, for review in the diff.
 */
public final class ExpectedYaml {

  private ExpectedYaml() {}

  public static void assertMatches(HasMetadata actual, String name) {
    String resource = "expected/" + name + ".yaml";
    if (Boolean.getBoolean("expected.write")) {
      write(actual, resource);
      return;
    }
    try (InputStream in = ExpectedYaml.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("missing " + resource).isNotNull();
      HasMetadata expected = Serialization.unmarshal(in, HasMetadata.class);
      assertThat(Serialization.asYaml(actual))
          .as(resource)
          .isEqualTo(Serialization.asYaml(expected));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(HasMetadata actual, String resource) {
    try {
      Path file = Path.of("src/test/resources", resource);
      Files.createDirectories(file.getParent());
      Files.writeString(file, Serialization.asYaml(actual));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
