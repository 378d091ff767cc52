package io.bulwark.client;

import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.Decision;
import io.bulwark.client.testing.Cleanup;
import io.bulwark.client.testing.Errors;
import io.bulwark.client.testing.LoopbackServer;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FailoverTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void closeAll() throws Exception {
        cleanup.close();
    }

    private <T extends AutoCloseable> T track(final T c) {
        return cleanup.add(c);
    }

    /** A check service that names itself in node_id, counts calls, and fails with UNAVAILABLE while down. */
    static final class Node extends CheckServiceGrpc.CheckServiceImplBase {
        final String id;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicBoolean down = new AtomicBoolean();

        Node(final String id) {
            this.id = id;
        }

        @Override
        public void check(final CheckRequest request, final StreamObserver<CheckResponse> out) {
            calls.incrementAndGet();
            if (down.get()) {
                out.onError(Errors.unavailable());
                return;
            }
            out.onNext(CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).setNodeId(id).build());
            out.onCompleted();
        }
    }

    private BulwarkClientBuilder builder(final String... endpoints) {
        return BulwarkClient.builder().endpoints(List.of(endpoints)).defaultDeadline(Duration.ofSeconds(10))
            .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).maxRetries(3);
    }

    @Test
    void shouldFailOverFromARefusedEndpointToTheNextOne() {
        final Node b = new Node("b");
        final LoopbackServer serverB = track(LoopbackServer.start(b));
        final BulwarkClient client = track(builder(LoopbackServer.deadAddress(), serverB.address()).build());

        assertThat(client.checkSession("sid").getNodeId()).isEqualTo("b");
        assertThat(client.checkSession("sid").getNodeId()).isEqualTo("b");
        assertThat(b.calls).hasValue(2);
    }

    @Test
    void shouldSkipAnUnhealthyEndpointDuringItsCooldown() {
        final Node a = new Node("a");
        final Node b = new Node("b");
        a.down.set(true);
        final LoopbackServer serverA = track(LoopbackServer.start(a));
        final LoopbackServer serverB = track(LoopbackServer.start(b));
        final BulwarkClient client = track(builder(serverA.address(), serverB.address())
            .endpointSelection(EndpointSelection.ROUND_ROBIN).unhealthyCooldown(Duration.ofMinutes(5)).build());

        for (int i = 0; i < 10; i++) {
            assertThat(client.checkSession("sid").getNodeId()).isEqualTo("b");
        }

        assertThat(a.calls).hasValue(1);
        assertThat(b.calls).hasValue(10);
    }

    @Test
    void shouldComeBackToAnEndpointOnceItsCooldownHasPassed() {
        final AtomicLong nowNanos = new AtomicLong(1_000_000_000L);
        final Node a = new Node("a");
        final Node b = new Node("b");
        a.down.set(true);
        final LoopbackServer serverA = track(LoopbackServer.start(a));
        final LoopbackServer serverB = track(LoopbackServer.start(b));
        final BulwarkClient client = track(builder(serverA.address(), serverB.address())
            .endpointSelection(EndpointSelection.ROUND_ROBIN).unhealthyCooldown(Duration.ofSeconds(30))
            .nanoClock(nowNanos::get).build());

        client.checkSession("sid");
        client.checkSession("sid");
        assertThat(a.calls).hasValue(1);

        a.down.set(false);
        nowNanos.addAndGet(Duration.ofSeconds(31).toNanos());
        final List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            servedBy.add(client.checkSession("sid").getNodeId());
        }

        assertThat(servedBy).contains("a", "b");
        assertThat(a.calls.get()).isGreaterThan(1);
    }

    @Test
    void shouldStayOnTheEndpointItFailedOverToWhenSticky() {
        final Node a = new Node("a");
        final Node b = new Node("b");
        a.down.set(true);
        final LoopbackServer serverA = track(LoopbackServer.start(a));
        final LoopbackServer serverB = track(LoopbackServer.start(b));
        final BulwarkClient client = track(builder(serverA.address(), serverB.address())
            .unhealthyCooldown(Duration.ZERO).build());

        assertThat(client.checkSession("sid").getNodeId()).isEqualTo("b");
        a.down.set(false);
        for (int i = 0; i < 5; i++) {
            assertThat(client.checkSession("sid").getNodeId()).isEqualTo("b");
        }
        assertThat(a.calls).hasValue(1);
    }

    @Test
    void shouldTryEveryEndpointWhenAllAreDownThenReportUnavailable() {
        final Node a = new Node("a");
        final Node b = new Node("b");
        a.down.set(true);
        b.down.set(true);
        final LoopbackServer serverA = track(LoopbackServer.start(a));
        final LoopbackServer serverB = track(LoopbackServer.start(b));
        final BulwarkClient client = track(builder(serverA.address(), serverB.address()).maxRetries(3).build());

        final BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> client.checkSession("sid"));

        assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.attempts()).isEqualTo(4);
        assertThat(a.calls.get()).isGreaterThanOrEqualTo(1);
        assertThat(b.calls.get()).isGreaterThanOrEqualTo(1);
        assertThat(a.calls.get() + b.calls.get()).isEqualTo(4);
    }

    @Test
    void shouldServeConcurrentCallersThroughAFailover() throws Exception {
        final Node a = new Node("a");
        final Node b = new Node("b");
        final LoopbackServer serverA = track(LoopbackServer.start(a));
        final LoopbackServer serverB = track(LoopbackServer.start(b));
        final BulwarkClient client = track(builder(serverA.address(), serverB.address())
            .endpointSelection(EndpointSelection.ROUND_ROBIN).build());
        final java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            final List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int thread = t;
                results.add(callers.submit(() -> {
                    int allowed = 0;
                    for (int i = 0; i < 50; i++) {
                        if (thread == 0 && i == 10) {
                            a.down.set(true); // a node fails while calls are in flight
                        }
                        final List<java.util.concurrent.CompletableFuture<io.bulwark.api.v1.CheckResponse>> batch =
                            List.of(client.async().checkSession("sid"), client.async().checkSession("sid"));
                        for (final var f : batch) {
                            if (f.get(10, TimeUnit.SECONDS).getDecision() == Decision.DECISION_ALLOW) {
                                allowed++;
                            }
                        }
                    }
                    return allowed;
                }));
            }
            int total = 0;
            for (final var r : results) {
                total += r.get(20, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(8 * 50 * 2);
            assertThat(b.calls.get()).isGreaterThan(0);
        } finally {
            callers.shutdownNow();
        }
    }
}
