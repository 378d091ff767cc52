package io.bulwark.bench.recovery;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.Consistency;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ReadOptions;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.RevocationServiceGrpc;
import io.bulwark.api.v1.RevocationTarget;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeResponse;
import io.bulwark.api.v1.TokenClaims;
import io.bulwark.api.v1.TokenRef;
import io.grpc.Status;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Revocation propagation: how long after a revoke is acknowledged every node has applied it.
 *
 * <p>Revokes go to the leader at a fixed, modest rate. At each acknowledgement (which carries the
 * Raft index the write was applied at on the leader, its consistency token) the probe sends, at
 * once, a check of the revoked token with {@code AT_LEAST(token)} to every node. A node answers
 * such a check only once it has applied that index, so the time from the acknowledgement until a
 * node's answer bounds that node's apply delay from above: it also holds one check round trip.
 * That round trip is measured separately with the same fan-out against an index every node already
 * applied ({@link #idle}); reports give both and subtract the idle median. Every answer must be
 * DENY with {@code REASON_TOKEN_REVOKED}; anything else counts as an error.
 */
final class PropagationProbe {
    private static final long CHECK_DEADLINE_MS = 5_000;
    private static final long WRITE_DEADLINE_MS = 5_000;

    private final LocalCluster cluster;
    private final RevocationServiceGrpc.RevocationServiceFutureStub leader;
    private final CheckServiceGrpc.CheckServiceFutureStub[] checks = new CheckServiceGrpc.CheckServiceFutureStub[LocalCluster.NODES];
    private final int leaderIndex;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, Long> errors = new ConcurrentHashMap<>();

    /**
     * Delays in microseconds: every node ({@code all}: the slowest of the three), each node, and
     * {@code followersVsLeader}: per sample, the slowest follower's answer minus the leader's answer
     * to the same fan-out (0 when the leader answered last). The leader had applied the revoke when
     * it acknowledged it, so its answer is a check round trip with no wait in it, sent at the same
     * instant; the difference removes what every answer shares (the probe's own pauses, the
     * ack's delivery) and leaves the followers' apply lag plus the spread of independent round trips.
     */
    record Result(Histogram all, Histogram[] perNode, Histogram followersVsLeader, Histogram idleAll, long samples,
                  Map<String, Long> errors) {
    }

    PropagationProbe(LocalCluster cluster, int leaderIndex) {
        this.cluster = cluster;
        this.leader = RevocationServiceGrpc.newFutureStub(cluster.channel(leaderIndex));
        this.leaderIndex = leaderIndex;
        for (int i = 0; i < LocalCluster.NODES; i++) {
            checks[i] = CheckServiceGrpc.newFutureStub(cluster.channel(i));
        }
    }

    /**
     * {@code samples} revokes at {@code ratePerSecond}, each followed by the fan-out; before them,
     * {@code idleSamples} fan-outs at an already-applied index at the same rate. Bounded by the
     * schedule plus 60 s.
     */
    Result run(int samples, double ratePerSecond, int idleSamples) throws InterruptedException {
        long periodNs = (long) (1e9 / ratePerSecond);
        // Warm-up, and an index every node has applied for the idle round trips.
        long applied = 0;
        for (int i = 0; i < 200; i++) {
            try {
                applied = leader.withDeadlineAfter(WRITE_DEADLINE_MS, TimeUnit.MILLISECONDS).revoke(revoke(seq.incrementAndGet()))
                        .get(WRITE_DEADLINE_MS + 1000, TimeUnit.MILLISECONDS).getWrite().getAppliedIndex();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                errors.merge("warmup " + Status.fromThrowable(e.getCause()).getCode(), 1L, Long::sum);
            }
        }
        cluster.awaitApplied(applied, java.time.Duration.ofSeconds(30));
        Histogram idle = new ConcurrentHistogram(3);
        Semaphore idleDone = new Semaphore(0);
        long t0 = System.nanoTime();
        for (int s = 0; s < idleSamples; s++) {
            pace(t0 + s * periodNs);
            fanOut(seq.get(), applied, System.nanoTime(), idle, null, null, idleDone);
            if (!idleDone.tryAcquire(CHECK_DEADLINE_MS + 1000, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("an idle check fan-out did not complete");
            }
        }

        Histogram all = new ConcurrentHistogram(3);
        Histogram[] perNode = new Histogram[LocalCluster.NODES];
        for (int i = 0; i < perNode.length; i++) {
            perNode[i] = new ConcurrentHistogram(3);
        }
        Histogram followersVsLeader = new ConcurrentHistogram(3);
        Semaphore done = new Semaphore(0);
        AtomicInteger issued = new AtomicInteger();
        long start = System.nanoTime();
        for (int s = 0; s < samples; s++) {
            pace(start + s * periodNs);
            long n = seq.incrementAndGet();
            issued.incrementAndGet();
            Futures.addCallback(leader.withDeadlineAfter(WRITE_DEADLINE_MS, TimeUnit.MILLISECONDS).revoke(revoke(n)),
                    new FutureCallback<RevokeResponse>() {
                        @Override
                        public void onSuccess(RevokeResponse r) {
                            fanOut(n, r.getWrite().getAppliedIndex(), System.nanoTime(), all, perNode, followersVsLeader, done);
                        }

                        @Override
                        public void onFailure(Throwable t) {
                            errors.merge("revoke " + Status.fromThrowable(t).getCode(), 1L, Long::sum);
                            done.release();
                        }
                    }, MoreExecutors.directExecutor());
        }
        if (!done.tryAcquire(issued.get(), 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("propagation samples still outstanding 60 s after the last revoke");
        }
        return new Result(all, perNode, followersVsLeader, idle, samples, Map.copyOf(errors));
    }

    /**
     * Checks token {@code n} at AT_LEAST({@code index}) on every node; records (answer − {@code fromNs}),
     * and into {@code vsLeader} (when given) the slowest follower's answer minus the leader's.
     */
    private void fanOut(long n, long index, long fromNs, Histogram slowest, Histogram[] perNode, Histogram vsLeader,
                        Semaphore done) {
        CheckRequest req = CheckRequest.newBuilder().setToken(claims(n))
                .setRead(ReadOptions.newBuilder().setConsistency(Consistency.CONSISTENCY_AT_LEAST).setMinIndex(index)).build();
        AtomicInteger left = new AtomicInteger(LocalCluster.NODES);
        AtomicLong latest = new AtomicLong();
        AtomicLong leaderUs = new AtomicLong();
        AtomicLong followersUs = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        for (int i = 0; i < LocalCluster.NODES; i++) {
            int node = i;
            Futures.addCallback(checks[i].withDeadlineAfter(CHECK_DEADLINE_MS, TimeUnit.MILLISECONDS).check(req),
                    new FutureCallback<CheckResponse>() {
                        @Override
                        public void onSuccess(CheckResponse r) {
                            long us = (System.nanoTime() - fromNs) / 1000;
                            if (r.getDecision() != Decision.DECISION_DENY || r.getReasonsCount() == 0
                                    || r.getReasons(0) != ReasonCode.REASON_TOKEN_REVOKED) {
                                errors.merge("check answered " + r.getDecision() + " " + r.getReasonsList(), 1L, Long::sum);
                            }
                            if (perNode != null) {
                                perNode[node].recordValue(us);
                            }
                            if (node == leaderIndex) {
                                leaderUs.set(us);
                            } else {
                                followersUs.accumulateAndGet(us, Math::max);
                            }
                            finish(us);
                        }

                        @Override
                        public void onFailure(Throwable t) {
                            errors.merge("check " + Status.fromThrowable(t).getCode(), 1L, Long::sum);
                            failed.set(true);
                            finish(0);
                        }

                        /** The sample counts only when every node answered: its delay is the slowest answer. */
                        private void finish(long us) {
                            latest.accumulateAndGet(us, Math::max);
                            if (left.decrementAndGet() == 0) {
                                if (!failed.get()) {
                                    slowest.recordValue(latest.get());
                                    if (vsLeader != null) {
                                        // The decrement that reached 0 publishes the other callbacks' writes.
                                        vsLeader.recordValue(Math.max(0, followersUs.get() - leaderUs.get()));
                                    }
                                }
                                done.release();
                            }
                        }
                    }, MoreExecutors.directExecutor());
        }
    }

    private RevokeRequest revoke(long n) {
        return RevokeRequest.newBuilder().setTarget(RevocationTarget.newBuilder().setToken(
                        TokenRef.newBuilder().setIssuer(BulkLoader.ISSUER).setTokenId(tokenId(n))))
                .setReason(RevocationReason.REVOCATION_REASON_COMPROMISED).build();
    }

    private TokenClaims claims(long n) {
        long nowMs = System.currentTimeMillis();
        return TokenClaims.newBuilder().setIssuer(BulkLoader.ISSUER).setTokenId(tokenId(n)).setSubject("probe-user")
                .setIssuedAtMs(nowMs - 1_000).setExpiresAtMs(nowMs + 3_600_000).build();
    }

    private String tokenId(long n) {
        return "probe-" + runId + "-" + n;
    }

    /** Waits for a point of the fixed schedule (pacing, not a condition: the rate is the point). */
    private static void pace(long atNs) {
        long wait;
        while ((wait = atNs - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
