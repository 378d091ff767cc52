package io.bulwark.bench.recovery;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.GetApplyTimesRequest;
import io.bulwark.api.v1.GetApplyTimesResponse;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>After the run the probe also asks every node when it applied each acknowledged index
 * ({@code ClusterService.GetApplyTimes}: the nodes' own apply timestamps, on this host's clock):
 * per sample, the last node's apply time minus the leader's apply time (the leader acknowledges
 * right after it applies) is the propagation delay with no client round trip in it.
 */
final class PropagationProbe {
    private static final long CHECK_DEADLINE_MS = 5_000;
    private static final long WRITE_DEADLINE_MS = 5_000;
    /** Indexes per GetApplyTimes call (the node accepts up to 4,096). */
    private static final int APPLY_TIMES_PER_CALL = 2_000;
    /** Revokes per second while warming up. */
    private static final int WARMUP_RATE = 500;

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
                  Map<String, Long> errors, ApplyLag applyLag) {
    }

    /**
     * From the nodes' own apply timestamps, in microseconds: {@code afterLeaderApply}, per sample, the
     * last node's apply time minus the leader's (0 when a follower applied first); {@code perFollower}
     * the same per follower; {@code afterClientAck} the last node's apply time minus the instant the
     * probe received the acknowledgement (0 when every node had applied by then, counted in
     * {@code appliedBeforeClientAck}). {@code unknown}: samples some node had no time for.
     */
    record ApplyLag(Histogram afterLeaderApply, Map<String, Histogram> perFollower, Histogram afterClientAck,
                    long appliedBeforeClientAck, long unknown, String csv) {
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
     * {@code warmup} of revokes (each with its fan-out) at {@link #WARMUP_RATE}/s, unrecorded, so the
     * nodes' JIT has compiled the write, apply and check paths (at 100/s it takes minutes otherwise:
     * the first 3,000 samples of a cold cluster ran 2-3x slower than the last); then
     * {@code idleSamples} fan-outs at an already-applied index; then {@code samples} revokes at
     * {@code ratePerSecond}, each followed by the fan-out. Each stage is bounded by its schedule plus 60 s.
     */
    Result run(int samples, double ratePerSecond, int idleSamples, java.time.Duration warmup) throws InterruptedException {
        long periodNs = (long) (1e9 / ratePerSecond);
        int warmupSamples = (int) Math.max(1, warmup.toMillis() * WARMUP_RATE / 1000);
        Histogram discard = new ConcurrentHistogram(3);
        Histogram[] discardPerNode = new Histogram[LocalCluster.NODES];
        for (int i = 0; i < discardPerNode.length; i++) {
            discardPerNode[i] = new ConcurrentHistogram(3);
        }
        long[][] warm = drive(warmupSamples, (long) (1e9 / WARMUP_RATE), discard, discardPerNode, new ConcurrentHistogram(3));
        // An index every node has applied, at or after the last warm-up token's revoke, for the idle round trips.
        long applied = 0;
        for (long i : warm[0]) {
            applied = Math.max(applied, i);
        }
        if (applied == 0) {
            throw new IllegalStateException("no warm-up revoke was acknowledged: " + errors);
        }
        cluster.awaitApplied(applied, java.time.Duration.ofSeconds(30));
        errors.clear();
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
        long[][] acks = drive(samples, periodNs, all, perNode, followersVsLeader);
        ApplyLag lag = applyLag(acks[0], acks[1]);
        return new Result(all, perNode, followersVsLeader, idle, samples, Map.copyOf(errors), lag);
    }

    /**
     * {@code samples} revokes to the leader, one every {@code periodNs}, each followed at its ack by the
     * fan-out; returns {ack index, wall-clock µs at which the ack arrived} per sample (0 for a failed revoke).
     */
    private long[][] drive(int samples, long periodNs, Histogram all, Histogram[] perNode, Histogram followersVsLeader)
            throws InterruptedException {
        long[] ackIndex = new long[samples];
        long[] ackWallUs = new long[samples];
        Semaphore done = new Semaphore(0);
        long start = System.nanoTime();
        for (int s = 0; s < samples; s++) {
            pace(start + s * periodNs);
            long n = seq.incrementAndGet();
            int sample = s;
            Futures.addCallback(leader.withDeadlineAfter(WRITE_DEADLINE_MS, TimeUnit.MILLISECONDS).revoke(revoke(n)),
                    new FutureCallback<RevokeResponse>() {
                        @Override
                        public void onSuccess(RevokeResponse r) {
                            ackWallUs[sample] = wallMicros();
                            ackIndex[sample] = r.getWrite().getAppliedIndex();
                            fanOut(n, r.getWrite().getAppliedIndex(), System.nanoTime(), all, perNode, followersVsLeader, done);
                        }

                        @Override
                        public void onFailure(Throwable t) {
                            errors.merge("revoke " + Status.fromThrowable(t).getCode(), 1L, Long::sum);
                            done.release();
                        }
                    }, MoreExecutors.directExecutor());
        }
        if (!done.tryAcquire(samples, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("propagation samples still outstanding 60 s after the last revoke");
        }
        // The semaphore's acquire publishes the callbacks' array writes.
        return new long[][] {ackIndex, ackWallUs};
    }

    /** Asks every node when it applied each acknowledged index (failed revokes left 0 and are skipped). */
    private ApplyLag applyLag(long[] ackIndex, long[] ackWallUs) {
        List<Long> indexes = new ArrayList<>();
        for (long i : ackIndex) {
            if (i > 0) {
                indexes.add(i);
            }
        }
        long[][] appliedUs = new long[LocalCluster.NODES][];
        for (int node = 0; node < LocalCluster.NODES; node++) {
            ClusterServiceGrpc.ClusterServiceBlockingStub stub = ClusterServiceGrpc.newBlockingStub(cluster.channel(node));
            long[] times = new long[indexes.size()];
            for (int from = 0; from < indexes.size(); from += APPLY_TIMES_PER_CALL) {
                int to = Math.min(indexes.size(), from + APPLY_TIMES_PER_CALL);
                GetApplyTimesResponse r = stub.withDeadlineAfter(CHECK_DEADLINE_MS, TimeUnit.MILLISECONDS)
                        .getApplyTimes(GetApplyTimesRequest.newBuilder().addAllIndexes(indexes.subList(from, to)).build());
                for (int k = from; k < to; k++) {
                    times[k] = r.getAppliedAtUs(k - from);
                }
            }
            appliedUs[node] = times;
        }
        Histogram afterLeader = new Histogram(3);
        Histogram afterAck = new Histogram(3);
        Map<String, Histogram> perFollower = new java.util.LinkedHashMap<>();
        for (int node = 0; node < LocalCluster.NODES; node++) {
            if (node != leaderIndex) {
                perFollower.put(LocalCluster.nodeId(node), new Histogram(3));
            }
        }
        long beforeAck = 0;
        long unknown = 0;
        int k = 0;
        StringBuilder csv = new StringBuilder("sample,index,client_ack_us");
        for (int node = 0; node < LocalCluster.NODES; node++) {
            csv.append(',').append(LocalCluster.nodeId(node)).append(node == leaderIndex ? "_leader" : "").append("_apply_us");
        }
        csv.append('\n');
        for (int s = 0; s < ackIndex.length; s++) {
            if (ackIndex[s] <= 0) {
                continue;
            }
            csv.append(s).append(',').append(ackIndex[s]).append(',').append(ackWallUs[s]);
            for (int node = 0; node < LocalCluster.NODES; node++) {
                csv.append(',').append(appliedUs[node][k]);
            }
            csv.append('\n');
            long leaderUs = appliedUs[leaderIndex][k];
            long lastUs = leaderUs;
            boolean known = leaderUs > 0;
            for (int node = 0; node < LocalCluster.NODES && known; node++) {
                long t = appliedUs[node][k];
                known = t > 0;
                lastUs = Math.max(lastUs, t);
            }
            if (known) {
                afterLeader.recordValue(lastUs - leaderUs);
                for (int node = 0; node < LocalCluster.NODES; node++) {
                    if (node != leaderIndex) {
                        perFollower.get(LocalCluster.nodeId(node)).recordValue(Math.max(0, appliedUs[node][k] - leaderUs));
                    }
                }
                if (lastUs <= ackWallUs[s]) {
                    beforeAck++;
                }
                afterAck.recordValue(Math.max(0, lastUs - ackWallUs[s]));
            } else {
                unknown++;
            }
            k++;
        }
        return new ApplyLag(afterLeader, perFollower, afterAck, beforeAck, unknown, csv.toString());
    }

    private static long wallMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
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
