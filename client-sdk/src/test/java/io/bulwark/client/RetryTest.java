package io.bulwark.client;

import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.CreateSessionResponse;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.Session;
import io.bulwark.api.v1.SessionServiceGrpc;
import io.bulwark.api.v1.WriteOptions;
import io.bulwark.api.v1.WriteResult;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RetryTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void closeAll() throws Exception {
        cleanup.close();
    }

    private <T extends AutoCloseable> T track(final T c) {
        return cleanup.add(c);
    }

    /** Fails the first {@code failures} CreateSession calls with {@code error}, then answers; records request ids. */
    static final class FlakySessions extends SessionServiceGrpc.SessionServiceImplBase {
        final List<String> requestIds = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresLeft;
        final RuntimeException error;

        FlakySessions(final int failures, final RuntimeException error) {
            this.failuresLeft = new AtomicInteger(failures);
            this.error = error;
        }

        @Override
        public void createSession(final CreateSessionRequest request,
                                  final StreamObserver<CreateSessionResponse> out) {
            requestIds.add(request.getWrite().getRequestId());
            if (failuresLeft.getAndDecrement() > 0) {
                out.onError(error);
                return;
            }
            out.onNext(CreateSessionResponse.newBuilder()
                .setSession(Session.newBuilder().setSubject(request.getSubject()).setSessionRef("ab12"))
                .setWrite(WriteResult.newBuilder().setAppliedIndex(42).setDuplicate(requestIds.size() > 1))
                .build());
            out.onCompleted();
        }
    }

    private BulwarkClient client(final String... endpoints) {
        return track(BulwarkClient.builder().endpoints(List.of(endpoints)).defaultDeadline(Duration.ofSeconds(10))
            .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)).maxRetries(3).build());
    }

    @Test
    void shouldRetryUnavailableWriteWithTheSameRequestId() {
        final FlakySessions sessions = new FlakySessions(1, Errors.unavailable());
        final LoopbackServer server = track(LoopbackServer.start(sessions));

        final WriteReceipt<CreateSessionResponse> receipt =
            client(server.address()).createSession("alice", Duration.ofMinutes(15));

        assertThat(sessions.requestIds).hasSize(2);
        assertThat(sessions.requestIds.get(0)).isNotEmpty().isEqualTo(sessions.requestIds.get(1));
        assertThat(receipt.requestId()).isEqualTo(sessions.requestIds.get(0));
        assertThat(receipt.appliedIndex()).isEqualTo(42);
        assertThat(receipt.duplicate()).isTrue();
        assertThat(receipt.response().getSession().getSubject()).isEqualTo("alice");
    }

    @Test
    void shouldUseAFreshRequestIdPerLogicalCall() {
        final FlakySessions sessions = new FlakySessions(0, null);
        final LoopbackServer server = track(LoopbackServer.start(sessions));
        final BulwarkClient client = client(server.address());

        client.createSession("alice", Duration.ofMinutes(1));
        client.createSession("alice", Duration.ofMinutes(1));

        assertThat(sessions.requestIds).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void shouldKeepACallerChosenRequestIdAndRejectAMalformedOneLocally() {
        final FlakySessions sessions = new FlakySessions(2, Errors.unavailable());
        final LoopbackServer server = track(LoopbackServer.start(sessions));
        final BulwarkClient client = client(server.address());

        client.createSession(CreateSessionRequest.newBuilder().setSubject("bob").setTtlMs(60_000)
            .setWrite(WriteOptions.newBuilder().setRequestId("deploy-7")).build());
        assertThat(sessions.requestIds).containsExactly("deploy-7", "deploy-7", "deploy-7");

        final BulwarkException bad = catchThrowableOfType(BulwarkException.class, () -> client.createSession(
            CreateSessionRequest.newBuilder().setSubject("bob").setTtlMs(60_000)
                .setWrite(WriteOptions.newBuilder().setRequestId("has space")).build()));
        assertThat(bad.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(bad.reason()).isEqualTo(ErrorReason.INVALID_REQUEST_ID);
        assertThat(sessions.requestIds).hasSize(3);
    }

    @Test
    void shouldGiveUpAfterMaxRetries() {
        final FlakySessions sessions = new FlakySessions(Integer.MAX_VALUE, Errors.unavailable());
        final LoopbackServer server = track(LoopbackServer.start(sessions));

        final BulwarkException e = catchThrowableOfType(BulwarkException.class,
            () -> client(server.address()).createSession("alice", Duration.ofMinutes(1)));

        assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.reason()).isEqualTo(ErrorReason.NOT_READY);
        assertThat(e.attempts()).isEqualTo(4);
        assertThat(e.endpoint()).isEqualTo(server.address());
        assertThat(sessions.requestIds).hasSize(4).containsOnly(sessions.requestIds.get(0));
    }

    @Test
    void shouldNeverRetryResourceExhaustedAndExposeReasonAndMetadata() {
        final FlakySessions sessions = new FlakySessions(Integer.MAX_VALUE, Errors.of(Status.Code.RESOURCE_EXHAUSTED,
            ErrorReason.TABLE_FULL, Map.of("table", "sessions"), "sessions table is full"));
        final LoopbackServer server = track(LoopbackServer.start(sessions));

        final BulwarkException e = catchThrowableOfType(BulwarkException.class,
            () -> client(server.address()).createSession("alice", Duration.ofMinutes(1)));

        assertThat(sessions.requestIds).hasSize(1);
        assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(e.reason()).isEqualTo(ErrorReason.TABLE_FULL);
        assertThat(e.metadata()).containsEntry("table", "sessions");
        assertThat(e.attempts()).isEqualTo(1);
        assertThat(e.getMessage()).contains("createSession", "RESOURCE_EXHAUSTED", "TABLE_FULL", "table=sessions");
    }

    @Test
    void shouldNotRetryInvalidArgumentNorLeakTheSessionIdInTheMessage() {
        final String secret = "s3cr3t-session-id-0123456789abcdef";
        final AtomicInteger calls = new AtomicInteger();
        final LoopbackServer server = track(LoopbackServer.start(new CheckServiceGrpc.CheckServiceImplBase() {
            @Override
            public void check(final CheckRequest request, final StreamObserver<CheckResponse> out) {
                calls.incrementAndGet();
                out.onError(Errors.of(Status.Code.INVALID_ARGUMENT, ErrorReason.FIELD_MALFORMED,
                    Map.of("field", "session_id"), "session_id has characters outside [A-Za-z0-9._~-]"));
            }
        }));

        final BulwarkException e = catchThrowableOfType(BulwarkException.class,
            () -> client(server.address()).checkSession(secret));

        assertThat(calls).hasValue(1);
        assertThat(e.reason()).isEqualTo(ErrorReason.FIELD_MALFORMED);
        assertThat(e.metadata()).containsEntry("field", "session_id");
        assertThat(e.getMessage()).doesNotContain(secret);
        assertThat(e.getCause().getMessage()).doesNotContain(secret);
    }

    @Test
    void shouldRetryAHungAttemptWithinTheOverallDeadlineThenFail() {
        final AtomicInteger calls = new AtomicInteger();
        final List<StreamObserver<CheckResponse>> held = new CopyOnWriteArrayList<>();
        final LoopbackServer server = track(LoopbackServer.start(new CheckServiceGrpc.CheckServiceImplBase() {
            @Override
            public void check(final CheckRequest request, final StreamObserver<CheckResponse> out) {
                calls.incrementAndGet();
                held.add(out); // never answered: a hung node
            }
        }));
        final BulwarkClient client = track(BulwarkClient.builder().endpoints(List.of(server.address()))
            .defaultDeadline(Duration.ofMillis(600)).attemptTimeout(Duration.ofMillis(150))
            .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(10)).maxRetries(10).build());

        final BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> client.checkSession("sid"));

        assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        assertThat(e.attempts()).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(11);
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldCompleteAsyncCallsAndCarryTheirResult() throws Exception {
        final LoopbackServer server = track(LoopbackServer.start(new CheckServiceGrpc.CheckServiceImplBase() {
            @Override
            public void check(final CheckRequest request, final StreamObserver<CheckResponse> out) {
                out.onNext(CheckResponse.newBuilder().setDecision(Decision.DECISION_ALLOW).setAppliedIndex(9).build());
                out.onCompleted();
            }
        }));
        // A deadline far beyond the wait below: only the cancel itself can end the server-side call in time.
        final BulwarkClient client = track(BulwarkClient.builder().endpoints(List.of(server.address()))
            .defaultDeadline(Duration.ofMinutes(2)).build());

        final CompletableFuture<CheckResponse> f = client.async().checkSession("sid");

        assertThat(f.get(10, TimeUnit.SECONDS).getDecision()).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(client.highestSeenIndex()).isEqualTo(9);
    }

    @Test
    void shouldFailCallsAfterClose() {
        final LoopbackServer server = track(LoopbackServer.start(new FlakySessions(0, null)));
        final BulwarkClient client = BulwarkClient.builder().endpoints(List.of(server.address())).build();
        client.close();

        assertThatThrownBy(() -> client.createSession("alice", Duration.ofMinutes(1)))
            .isInstanceOf(BulwarkException.class);
    }

    @Test
    void shouldCancelTheAttemptInFlightAndStopRetryingWhenTheFutureIsCancelled() throws Exception {
        final AtomicInteger calls = new AtomicInteger();
        final java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
        final LoopbackServer server = track(LoopbackServer.start(new CheckServiceGrpc.CheckServiceImplBase() {
            @Override
            public void check(final CheckRequest request, final StreamObserver<CheckResponse> out) {
                calls.incrementAndGet();
                ((io.grpc.stub.ServerCallStreamObserver<CheckResponse>) out).setOnCancelHandler(cancelled::countDown);
                arrived.countDown();
            }
        }));
        // A deadline far beyond the wait below: only the cancel itself can end the server-side call in time.
        final BulwarkClient client = track(BulwarkClient.builder().endpoints(List.of(server.address()))
            .defaultDeadline(Duration.ofMinutes(2)).build());

        final CompletableFuture<CheckResponse> f = client.async().checkSession("sid");
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        f.cancel(true);

        assertThat(cancelled.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(f).isCancelled();
        assertThat(calls).hasValue(1);
    }

    @Test
    void shouldTurnAnInterruptedWaitIntoCancelledAndKeepTheInterruptFlag() {
        final LoopbackServer server = track(LoopbackServer.start(new CheckServiceGrpc.CheckServiceImplBase() {
            @Override
            public void check(final CheckRequest request, final StreamObserver<CheckResponse> out) {
                // never answers
            }
        }));
        final BulwarkClient client = client(server.address());

        Thread.currentThread().interrupt();
        final BulwarkException e = catchThrowableOfType(BulwarkException.class, () -> client.checkSession("sid"));

        assertThat(Thread.interrupted()).isTrue();
        assertThat(e.code()).isEqualTo(Status.Code.CANCELLED);
    }
}
