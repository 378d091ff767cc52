package io.bulwark.bench.recovery;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.RevocationServiceGrpc;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeResponse;
import io.bulwark.api.v1.StatusResponse;
import io.bulwark.api.v1.TokenRef;
import io.grpc.Status;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Leader failover as a client sees it: writes are sent to both followers every
 * {@link #WRITE_PERIOD_MS} ms (asynchronously, so a write stuck on the dead leader does not hold
 * the next one back), the leader JVM is SIGKILLed, and the failover time is from the kill to the
 * first acknowledgement of a write sent after it. Then the killed node is restarted and the time
 * until it serves again (caught up to the cluster) is recorded too, and the cluster must settle
 * before the next round.
 */
final class FailoverProbe {
    static final long WRITE_PERIOD_MS = 10;
    private static final long WRITE_DEADLINE_MS = 2_000;
    private static final Duration ROUND_LIMIT = Duration.ofSeconds(60);

    private final LocalCluster cluster;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong seq = new AtomicLong();

    /** One round: who was killed, the failover time and the killed node's restart-to-serving time. */
    record Round(String killed, long termBefore, String newLeader, long termAfter, double failoverMs,
                 double restartToServingMs, Map<String, Long> writeErrors, String problem) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("killed_leader", killed);
            m.put("term_before", termBefore);
            m.put("new_leader", newLeader);
            m.put("term_after", termAfter);
            m.put("failover_ms", failoverMs);
            m.put("killed_node_restart_to_serving_ms", restartToServingMs);
            m.put("write_errors_during_failover", writeErrors);
            if (problem != null) {
                m.put("problem", problem);
            }
            return m;
        }
    }

    FailoverProbe(LocalCluster cluster) {
        this.cluster = cluster;
    }

    Round round() throws Exception {
        int leader = cluster.awaitStable(Duration.ofSeconds(120));
        StatusResponse before = cluster.status(leader, 2000);
        long termBefore = before == null ? -1 : before.getTerm();
        RevocationServiceGrpc.RevocationServiceFutureStub[] survivors = new RevocationServiceGrpc.RevocationServiceFutureStub[LocalCluster.NODES - 1];
        for (int i = 0, k = 0; i < LocalCluster.NODES; i++) {
            if (i != leader) {
                survivors[k++] = RevocationServiceGrpc.newFutureStub(cluster.channel(i));
            }
        }
        Map<String, Long> errors = new ConcurrentHashMap<>();
        AtomicLong firstAckAfterKill = new AtomicLong(Long.MAX_VALUE);
        AtomicLong killNs = new AtomicLong(Long.MAX_VALUE);
        AtomicLong acksBeforeKill = new AtomicLong();
        long start = System.nanoTime();
        long limit = start + ROUND_LIMIT.toNanos();
        long next = start;
        boolean killed = false;
        while (System.nanoTime() < limit && firstAckAfterKill.get() == Long.MAX_VALUE) {
            // Kill once writes flow through both followers (a few acknowledgements), never before.
            if (!killed && acksBeforeKill.get() >= 20) {
                killNs.set(System.nanoTime());
                cluster.kill(leader);
                killed = true;
            }
            long sentNs = System.nanoTime();
            for (RevocationServiceGrpc.RevocationServiceFutureStub stub : survivors) {
                Futures.addCallback(stub.withDeadlineAfter(WRITE_DEADLINE_MS, TimeUnit.MILLISECONDS).revoke(revoke()),
                        new FutureCallback<RevokeResponse>() {
                            @Override
                            public void onSuccess(RevokeResponse r) {
                                long now = System.nanoTime();
                                if (sentNs >= killNs.get()) {
                                    firstAckAfterKill.accumulateAndGet(now, Math::min);
                                } else {
                                    acksBeforeKill.incrementAndGet();
                                }
                            }

                            @Override
                            public void onFailure(Throwable t) {
                                if (sentNs >= killNs.get()) {
                                    errors.merge(Status.fromThrowable(t).getCode().name(), 1L, Long::sum);
                                }
                            }
                        }, MoreExecutors.directExecutor());
            }
            next += TimeUnit.MILLISECONDS.toNanos(WRITE_PERIOD_MS);
            long wait;
            while ((wait = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait); // pacing of the write schedule
            }
        }
        if (!killed) {
            // Nothing to measure: the followers did not get writes through to a live leader. Reported, not hidden.
            return new Round(LocalCluster.nodeId(leader), termBefore, LocalCluster.nodeId(leader), termBefore, Double.NaN,
                    Double.NaN, Map.of(), "not killed: writes through the followers got " + acksBeforeKill.get()
                    + " acks in " + ROUND_LIMIT.toSeconds() + " s before the kill");
        }
        long ack = firstAckAfterKill.get();
        double failoverMs = ack == Long.MAX_VALUE ? Double.NaN : (ack - killNs.get()) / 1e6;

        int newLeader = cluster.awaitStable(Duration.ofSeconds(60)) ;
        StatusResponse after = cluster.status(newLeader, 2000);
        cluster.start(leader);
        double restartMs = awaitServing(leader, after == null ? 0 : after.getCommitIndex());
        return new Round(LocalCluster.nodeId(leader), termBefore, LocalCluster.nodeId(newLeader),
                after == null ? -1 : after.getTerm(), failoverMs, restartMs, Map.copyOf(errors),
                ack == Long.MAX_VALUE ? "no write sent after the kill was acknowledged within the round's limit" : null);
    }

    /**
     * Milliseconds from node {@code i}'s start until it serves LOCAL reads with an applied index of
     * at least {@code index}; polls every 20 ms, fails after 5 minutes.
     */
    double awaitServing(int i, long index) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (!cluster.isRunning(i)) {
                throw new IllegalStateException(LocalCluster.nodeId(i) + " exited while restarting; see its node.log");
            }
            StatusResponse s = cluster.status(i, 500);
            if (s != null && s.getServingLocalReads() && s.getAppliedIndex() >= index) {
                return (System.nanoTime() - cluster.startedAtNs(i)) / 1e6;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new IllegalStateException(LocalCluster.nodeId(i) + " did not serve within 5 minutes of its restart");
    }

    private RevokeRequest revoke() {
        return RevokeRequest.newBuilder().setTarget(RevocationTarget.newBuilder().setToken(
                        TokenRef.newBuilder().setIssuer(BulkLoader.ISSUER).setTokenId("failover-" + runId + "-" + seq.incrementAndGet())))
                .setReason(RevocationReason.REVOCATION_REASON_COMPROMISED).build();
    }
}
