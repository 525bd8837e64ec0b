package io.cfmr.toggler.cf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfmr.toggler.TogglerException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.cloudfoundry.reactor.TokenProvider;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class SmallPartsTest {

  @Test
  void apiVersionParsesAutoV3AndV2InAnyCase() {
    assertThat(ApiVersion.parse("auto")).isEqualTo(ApiVersion.AUTO);
    assertThat(ApiVersion.parse("V3")).isEqualTo(ApiVersion.V3);
    assertThat(ApiVersion.parse(" v2 ")).isEqualTo(ApiVersion.V2);
  }

  @Test
  void apiVersionRejectsOtherTextNamingTheAcceptedValues() {
    assertThatThrownBy(() -> ApiVersion.parse("v4"))
        .isInstanceOfSatisfying(
            TogglerException.class,
            e -> assertThat(e.failure()).isEqualTo(TogglerException.Failure.USAGE))
        .hasMessageContaining("auto, v3 or v2")
        .hasMessageContaining("'v4'");
  }

  @Test
  void backoffGrowsExponentiallyWithinJitterAndStopsAtTheCap() {
    RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1000), 0.5);
    for (int i = 0; i < 50; i++) {
      assertThat(policy.backoff(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
      assertThat(policy.backoff(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(600));
      assertThat(policy.backoff(40)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
    }
    RetryPolicy exact = new RetryPolicy(Duration.ofMillis(100), Duration.ofMillis(1000), 0);
    assertThat(exact.backoff(1)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void retryPolicyRejectsNonsense() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ZERO, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryAfterIsReadAsSecondsOrAsAnHttpDate() {
    Instant now = Instant.parse("2025-01-01T10:00:00Z");
    assertThat(RetryAfterHint.parse("7", now)).contains(Duration.ofSeconds(7));
    assertThat(RetryAfterHint.parse("Wed, 01 Jan 2025 10:00:30 GMT", now))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfterHint.parse("Wed, 01 Jan 2025 09:00:00 GMT", now)).contains(Duration.ZERO);
    assertThat(RetryAfterHint.parse("soon", now)).isEmpty();
    assertThat(RetryAfterHint.parse(null, now)).isEmpty();
  }

  @Test
  void aBurstOfInvalidationsForOneUsedTokenRenewsTheProviderOnce() {
    AtomicInteger created = new AtomicInteger();
    TokenProvider counting =
        new RenewableTokenProvider(
            () -> {
              int n = created.incrementAndGet();
              return context -> Mono.just("bearer token-" + n);
            });

    assertThat(counting.getToken(null).block()).isEqualTo("bearer token-1");
    for (int i = 0; i < 5; i++) {
      counting.invalidate(null);
    }
    assertThat(counting.getToken(null).block()).isEqualTo("bearer token-2");
    assertThat(created).hasValue(2);
  }

  @Test
  void aFailedTokenRequestIsMarkedAsTheUaasAndNotRememberedForTheNextTry() {
    AtomicInteger created = new AtomicInteger();
    TokenProvider provider =
        new RenewableTokenProvider(
            () ->
                created.incrementAndGet() == 1
                    ? context -> Mono.error(new java.net.ConnectException("refused"))
                    : context -> Mono.just("bearer ok"));

    assertThatThrownBy(() -> provider.getToken(null).block())
        .isInstanceOf(RenewableTokenProvider.TokenRequestFailure.class);
    assertThat(provider.getToken(null).block()).isEqualTo("bearer ok");
  }
}
