package io.bulwark.client;

import io.bulwark.api.v1.Consistency;
import io.bulwark.api.v1.GetSessionRequest;
import io.bulwark.api.v1.GetSessionResponse;
import io.bulwark.api.v1.ReadMeta;
import io.bulwark.api.v1.ReadOptions;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.RevocationServiceGrpc;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeResponse;
import io.bulwark.api.v1.SessionServiceGrpc;
import io.bulwark.api.v1.WriteResult;
import io.bulwark.client.testing.LoopbackServer;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConsistencyTokenTest {
    private final AtomicLong nextIndex = new AtomicLong(100);
    private final List<ReadOptions> reads = new CopyOnWriteArrayList<>();
    private final List<RevokeRequest> revokes = new CopyOnWriteArrayList<>();
    private LoopbackServer server;
    private BulwarkClient client;

    private void start(final Freshness defaultFreshness) {
        server = LoopbackServer.start(
            new RevocationServiceGrpc.RevocationServiceImplBase() {
                @Override
                public void revoke(final RevokeRequest request, final StreamObserver<RevokeResponse> out) {
                    revokes.add(request);
                    out.onNext(RevokeResponse.newBuilder()
                        .setWrite(WriteResult.newBuilder().setAppliedIndex(nextIndex.incrementAndGet())).build());
                    out.onCompleted();
                }
            },
            new SessionServiceGrpc.SessionServiceImplBase() {
                @Override
                public void getSession(final GetSessionRequest request, final StreamObserver<GetSessionResponse> out) {
                    reads.add(request.getRead());
                    out.onNext(GetSessionResponse.newBuilder()
                        .setMeta(ReadMeta.newBuilder().setAppliedIndex(90).setNodeId("n1")).build());
                    out.onCompleted();
                }
            });
        client = BulwarkClient.builder().endpoints(List.of(server.address())).defaultFreshness(defaultFreshness).build();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldExposeTheAppliedIndexOfAWriteAndPassItToAnAtLeastRead() {
        start(Freshness.local());

        final WriteReceipt<RevokeResponse> r = client.revokeToken("https://issuer", "jti-1",
            Instant.ofEpochMilli(2_000_000_000_000L), RevocationReason.REVOCATION_REASON_LOGOUT);
        client.getSession(Selectors.sessionRef("ab"), Freshness.atLeast(r.appliedIndex()));
        client.getSession(Selectors.sessionRef("ab"), Freshness.linearizable());
        client.getSession(Selectors.sessionRef("ab"));

        assertThat(r.appliedIndex()).isEqualTo(101);
        assertThat(reads.get(0).getConsistency()).isEqualTo(Consistency.CONSISTENCY_AT_LEAST);
        assertThat(reads.get(0).getMinIndex()).isEqualTo(101);
        assertThat(reads.get(1).getConsistency()).isEqualTo(Consistency.CONSISTENCY_LINEARIZABLE);
        assertThat(reads.get(2).getConsistency()).isEqualTo(Consistency.CONSISTENCY_LOCAL);
        final RevokeRequest sent = revokes.get(0);
        assertThat(sent.getTarget().getToken().getTokenId()).isEqualTo("jti-1");
        assertThat(sent.getExpiresAtMs()).isEqualTo(2_000_000_000_000L);
        assertThat(sent.getReason()).isEqualTo(RevocationReason.REVOCATION_REASON_LOGOUT);
        assertThat(sent.getWrite().getRequestId()).isEqualTo(r.requestId());
    }

    @Test
    void shouldReadAtLeastTheHighestSeenTokenInSessionMode() {
        start(Freshness.session());

        client.getSession(Selectors.sessionRef("ab"));
        client.revokeSubject("alice", null, RevocationReason.REVOCATION_REASON_COMPROMISED);
        client.revokeApiKey("key-1", null, RevocationReason.REVOCATION_REASON_ROTATED);
        client.getSession(Selectors.sessionRef("ab"));

        assertThat(reads.get(0).getConsistency()).isEqualTo(Consistency.CONSISTENCY_LOCAL);
        assertThat(reads.get(1).getConsistency()).isEqualTo(Consistency.CONSISTENCY_AT_LEAST);
        assertThat(reads.get(1).getMinIndex()).isEqualTo(102);
        assertThat(client.highestSeenIndex()).isEqualTo(102);
        assertThat(revokes.get(0).getTarget().getSubject()).isEqualTo("alice");
        assertThat(revokes.get(0).getNotBeforeMs()).isZero();
        assertThat(revokes.get(1).getTarget().getApiKeyId()).isEqualTo("key-1");
    }

    @Test
    void shouldComputeTheSessionRefAsLowercaseSha256Hex() {
        assertThat(Selectors.refOf("abc"))
            .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
