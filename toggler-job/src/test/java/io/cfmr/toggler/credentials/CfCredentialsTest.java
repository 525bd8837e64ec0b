package io.cfmr.toggler.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfmr.toggler.TogglerException;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CfCredentialsTest {

  private static CfCredentials clientCredentials(String api) {
    return new CfCredentials(
        URI.create(api),
        Optional.of("toggler"),
        Optional.of("s3cr3t-client"),
        Optional.empty(),
        Optional.empty(),
        false);
  }

  @Test
  void passwordGrantDefaultsToTheCfCliClientWithAnEmptySecret() {
    CfCredentials credentials =
        new CfCredentials(
            URI.create("https://api.sys.example.com"),
            Optional.empty(),
            Optional.empty(),
            Optional.of("admin"),
            Optional.of("pa55word"),
            false);

    assertThat(credentials.usesPasswordGrant()).isTrue();
    assertThat(credentials.effectiveClientId()).isEqualTo("cf");
    assertThat(credentials.effectiveClientSecret()).isEmpty();
  }

  @Test
  void clientCredentialsGrantWithoutUsername() {
    assertThat(clientCredentials("https://api.sys.example.com").usesPasswordGrant()).isFalse();
  }

  @Test
  void apiWithUserInformationIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> clientCredentials("https://admin:hunter2@api.sys.example.com"))
        .isInstanceOf(TogglerException.class)
        .hasMessageContaining("must not contain user information")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void apiMustBeAnHttpUrl() {
    assertThatThrownBy(() -> clientCredentials("ftp://api.sys.example.com"))
        .isInstanceOf(TogglerException.class)
        .hasMessageContaining("must be an http(s) URL");
  }

  @Test
  void clientCredentialsNeedBothIdAndSecret() {
    assertThatThrownBy(
            () ->
                new CfCredentials(
                    URI.create("https://api.sys.example.com"),
                    Optional.of("toggler"),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    false))
        .isInstanceOf(TogglerException.class)
        .hasMessageContaining("client_id' and 'client_secret'");
  }

  @Test
  void toStringNeverShowsThePasswordOrClientSecret() {
    String shown =
        new CfCredentials(
                URI.create("https://api.sys.example.com"),
                Optional.of("toggler"),
                Optional.of("s3cr3t-client"),
                Optional.of("admin"),
                Optional.of("pa55word"),
                true)
            .toString();

    assertThat(shown).doesNotContain("s3cr3t-client", "pa55word").contains("admin", "toggler");
  }
}
