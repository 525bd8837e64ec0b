package io.cfmr.toggler.cf;

import static io.cfmr.toggler.cf.FakeCloudFoundry.APP_PATH;
import static io.cfmr.toggler.cf.FakeCloudFoundry.GUID;
import static io.cfmr.toggler.cf.FakeCloudFoundry.calls;
import static io.cfmr.toggler.cf.FakeCloudFoundry.clientCredentialsGrant;
import static io.cfmr.toggler.cf.FakeCloudFoundry.getApp;
import static io.cfmr.toggler.cf.FakeCloudFoundry.v3Error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.cloudfoundry.client.v3.applications.GetApplicationRequest;
import org.cloudfoundry.reactor.DefaultConnectionContext;
import org.cloudfoundry.reactor.client.ReactorCloudFoundryClient;
import org.cloudfoundry.reactor.tokenprovider.ClientCredentialsGrantTokenProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pins down the cf-java-client 5.15 behaviour that {@link RenewableTokenProvider} exists for: on a
 * Cloud Controller 401 the client does invalidate the token and repeat the request, but the
 * client-credentials provider's invalidate keeps the rejected token (it only renews through a
 * refresh token, which that grant lacks). If this test starts failing after an upgrade, the wrapper
 * may have become unnecessary.
 */
class CfJavaClientTokenBehaviourTest {

  @RegisterExtension static WireMockExtension cc = FakeCloudFoundry.server();
  @RegisterExtension static WireMockExtension uaa = FakeCloudFoundry.server();

  @Test
  void plainClientCredentialsProviderRepeatsA401WithTheSameToken() {
    FakeCloudFoundry cf = new FakeCloudFoundry(cc, uaa).discovery(true);
    uaa.stubFor(clientCredentialsGrant("c", "s").willReturn(cf.token("only-token")));
    cc.stubFor(
        getApp().willReturn(v3Error(401, "CF-InvalidAuthToken", 1000, "Invalid Auth Token")));
    DefaultConnectionContext context =
        DefaultConnectionContext.builder()
            .apiHost("localhost")
            .port(cc.getPort())
            .secure(false)
            .invalidTokenRetries(1L)
            .build();
    try {
      ReactorCloudFoundryClient client =
          ReactorCloudFoundryClient.builder()
              .connectionContext(context)
              .tokenProvider(
                  ClientCredentialsGrantTokenProvider.builder()
                      .clientId("c")
                      .clientSecret("s")
                      .build())
              .build();

      assertThatThrownBy(
              () ->
                  client
                      .applicationsV3()
                      .get(GetApplicationRequest.builder().applicationId(GUID).build())
                      .block())
          .isNotNull();

      assertThat(calls(cc)).filteredOn(call -> call.equals("GET " + APP_PATH)).hasSize(2);
      assertThat(calls(uaa)).containsExactly("POST /oauth/token");
    } finally {
      context.dispose();
    }
    cf.assertNothingUnmatched();
  }
}
