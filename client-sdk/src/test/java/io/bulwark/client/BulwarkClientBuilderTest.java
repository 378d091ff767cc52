package io.bulwark.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulwarkClientBuilderTest {

    private static BulwarkClientBuilder valid() {
        return BulwarkClient.builder().endpoints(List.of("127.0.0.1:7001", "[::1]:7002"));
    }

    @Test
    void shouldApplyDocumentedDefaults() {
        final ClientConfig c = valid().validate();
        assertThat(c.defaultDeadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.attemptTimeout()).isEqualTo(c.defaultDeadline());
        assertThat(c.maxRetries()).isEqualTo(3);
        assertThat(c.selection()).isEqualTo(EndpointSelection.STICKY);
        assertThat(c.defaultFreshness()).isEqualTo(Freshness.local());
        assertThat(c.endpoints()).containsExactly("127.0.0.1:7001", "[::1]:7002");
    }

    @Test
    void shouldRejectMissingEndpoints() {
        assertThatThrownBy(() -> BulwarkClient.builder().validate())
            .isInstanceOf(IllegalArgumentException.class).hasMessage("endpoints: at least one host:port is required");
    }

    @Test
    void shouldNameTheBadEndpointAndItsProblem() {
        assertThatThrownBy(() -> BulwarkClient.builder().endpoints(List.of("127.0.0.1:7001", "127.0.0.1")).validate())
            .hasMessage("endpoints[1] '127.0.0.1' is not host:port");
        assertThatThrownBy(() -> BulwarkClient.builder().endpoints(List.of("h:70000")).validate())
            .hasMessage("endpoints[0] 'h:70000' has a port outside 1-65535");
        assertThatThrownBy(() -> BulwarkClient.builder().endpoints(List.of("h:x1")).validate())
            .hasMessage("endpoints[0] 'h:x1' has a non-numeric port");
        assertThatThrownBy(() -> BulwarkClient.builder().endpoints(List.of("::1:7001")).validate())
            .hasMessageContaining("write IPv6 addresses as [addr]:port");
        assertThatThrownBy(() -> BulwarkClient.builder().endpoints(List.of("h:1", "h:1")).validate())
            .hasMessage("endpoints[1] 'h:1' is listed twice");
    }

    @Test
    void shouldRejectInconsistentTimeouts() {
        assertThatThrownBy(() -> valid().defaultDeadline(Duration.ZERO).validate())
            .hasMessage("defaultDeadline must be a positive duration, was PT0S");
        assertThatThrownBy(() -> valid().defaultDeadline(Duration.ofSeconds(1)).attemptTimeout(Duration.ofSeconds(2))
            .validate()).hasMessage("attemptTimeout (PT2S) must not exceed defaultDeadline (PT1S)");
        assertThatThrownBy(() -> valid().retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)).validate())
            .hasMessage("retryBackoff: initial (PT2S) must not exceed max (PT1S)");
        assertThatThrownBy(() -> valid().maxRetries(11).validate()).hasMessage("maxRetries must be 0-10, was 11");
        assertThatThrownBy(() -> valid().unhealthyCooldown(Duration.ofSeconds(-1)).validate())
            .hasMessage("unhealthyCooldown must be >= 0, was PT-1S");
    }

    @Test
    void shouldRejectActorWithSpacesOrControlCharacters() {
        assertThatThrownBy(() -> valid().actor("ops team").validate()).hasMessageStartingWith("actor must be");
        assertThat(valid().actor("ops-team@ci").validate().actor()).isEqualTo("ops-team@ci");
    }

    @Test
    void shouldGenerateValidDistinctRequestIds() {
        final String a = RequestIds.newRequestId();
        final String b = RequestIds.newRequestId();
        assertThat(a).hasSize(22).isNotEqualTo(b);
        assertThat(RequestIds.isValid(a)).isTrue();
        assertThat(RequestIds.isValid("bad id")).isFalse();
        assertThat(RequestIds.isValid("x".repeat(65))).isFalse();
        assertThat(RequestIds.isValid("deploy-42:retry.1")).isTrue();
    }

    @Test
    void shouldRetryOnlyOnDocumentedCodes() {
        assertThat(CallKind.READ.retriable(io.grpc.Status.Code.UNAVAILABLE)).isTrue();
        assertThat(CallKind.READ.retriable(io.grpc.Status.Code.DEADLINE_EXCEEDED)).isTrue();
        assertThat(CallKind.IDEMPOTENT_WRITE.retriable(io.grpc.Status.Code.DEADLINE_EXCEEDED)).isTrue();
        assertThat(CallKind.UNSAFE.retriable(io.grpc.Status.Code.DEADLINE_EXCEEDED)).isFalse();
        assertThat(CallKind.UNSAFE.retriable(io.grpc.Status.Code.UNAVAILABLE)).isTrue();
        for (final CallKind k : CallKind.values()) {
            assertThat(k.retriable(io.grpc.Status.Code.RESOURCE_EXHAUSTED)).isFalse();
            assertThat(k.retriable(io.grpc.Status.Code.INVALID_ARGUMENT)).isFalse();
            assertThat(k.retriable(io.grpc.Status.Code.INTERNAL)).isFalse();
        }
    }
}
