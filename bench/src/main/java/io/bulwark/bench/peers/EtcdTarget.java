package io.bulwark.bench.peers;

import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.bulwark.bench.load.Operation;
import io.etcd.jetcd.api.CompactionRequest;
import io.etcd.jetcd.api.DefragmentRequest;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.LeaseGrantRequest;
import io.etcd.jetcd.api.LeaseGrantResponse;
import io.etcd.jetcd.api.LeaseGrpc;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.TxnRequest;
import io.etcd.jetcd.api.TxnResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * etcd v3 over grpc-java on etcd's own stubs ({@code io.etcd:jetcd-grpc}), with the client shape of
 * {@link io.bulwark.bench.load.BulwarkTarget}: one plaintext channel per member, {@code directExecutor()},
 * future stubs, requests spread round-robin over the members, each with the same deadline; after
 * {@link #routeWritesToLeader} every write goes to the leader instead, as Bulwark's writes then do.
 * jetcd-core's own client is not used: it cost 40-55% of etcd's throughput on this box (LAB-NOTES).
 *
 * <p>Data model, chosen to mirror Bulwark's workloads: a session is {@code /sessions/<id>} with a
 * 40-byte value; a revocation is a put of {@code /revocations/<run>/<seq>}; a "session create" is a
 * lease grant followed by a put attached to the lease; a check that needs several lookups is one
 * read-only {@link TxnRequest} of three ranges (the session and two absent revocation keys).
 * Requests that are sent repeatedly are built once in {@link #prepareReads}.
 */
public final class EtcdTarget implements AutoCloseable {
    private static final ByteString SESSION_VALUE = ByteString.copyFrom(new byte[40]);
    private static final ByteString REVOCATION_VALUE = ByteString.copyFrom(new byte[32]);
    private static final long LEASE_TTL_S = Duration.ofHours(2).toSeconds();

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final KVGrpc.KVFutureStub[] kv;
    private final LeaseGrpc.LeaseFutureStub[] lease;
    private final MaintenanceGrpc.MaintenanceBlockingStub[] maintenance;
    private final long deadlineMs;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private RangeRequest[] serializableGets = new RangeRequest[0];
    private RangeRequest[] linearizableGets = new RangeRequest[0];
    private TxnRequest[] txns = new TxnRequest[0];
    /** Member index every write goes to, or -1: writes are spread like reads. */
    private volatile int writeNode = -1;

    public EtcdTarget(List<String> endpoints, Duration deadline) {
        int n = endpoints.size();
        kv = new KVGrpc.KVFutureStub[n];
        lease = new LeaseGrpc.LeaseFutureStub[n];
        maintenance = new MaintenanceGrpc.MaintenanceBlockingStub[n];
        for (int i = 0; i < n; i++) {
            ManagedChannel ch = NettyChannelBuilder.forTarget(endpoints.get(i)).usePlaintext()
                    .directExecutor().build();
            channels.add(ch);
            kv[i] = KVGrpc.newFutureStub(ch);
            lease[i] = LeaseGrpc.newFutureStub(ch);
            maintenance[i] = MaintenanceGrpc.newBlockingStub(ch);
        }
        this.deadlineMs = deadline.toMillis();
    }

    private int pick(long seq) {
        return (int) (seq % channels.size());
    }

    private int pickForWrite(long seq) {
        final int node = writeNode;
        return node >= 0 ? node : pick(seq);
    }

    /**
     * Sends every later write (puts, lease grants) to the member that is leader now, found by each
     * member's Maintenance.Status, and returns its address.
     *
     * @throws IllegalStateException when no member reports itself leader
     */
    public String routeWritesToLeader() {
        for (int i = 0; i < maintenance.length; i++) {
            final StatusResponse st = maintenance[i].withDeadlineAfter(10, TimeUnit.SECONDS)
                    .status(StatusRequest.getDefaultInstance());
            if (st.getLeader() != 0 && st.getLeader() == st.getHeader().getMemberId()) {
                writeNode = i;
                return channels.get(i).authority();
            }
        }
        throw new IllegalStateException("etcd: no member reports itself leader");
    }

    private static ByteString key(String k) {
        return ByteString.copyFrom(k, StandardCharsets.UTF_8);
    }

    private ByteString sessionKey(long i) {
        return key("/sessions/bench-" + runId + "-session-" + i);
    }

    /** Writes session {@code seq} (the population step before reads). */
    public ListenableFuture<?> putSession(long seq) {
        PutRequest req = PutRequest.newBuilder().setKey(sessionKey(seq)).setValue(SESSION_VALUE).build();
        return kv[pickForWrite(seq)].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).put(req);
    }

    /** The revoke equivalent: one put of a new key. */
    public ListenableFuture<?> put(long seq) {
        PutRequest req = PutRequest.newBuilder().setKey(key("/revocations/" + runId + "/" + seq))
                .setValue(REVOCATION_VALUE).build();
        return kv[pickForWrite(seq)].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).put(req);
    }

    /** The session-create equivalent: a lease grant, then a put attached to that lease (two round trips). */
    public ListenableFuture<?> leaseAndPut(long seq) {
        int m = pickForWrite(seq);
        ListenableFuture<LeaseGrantResponse> granted = lease[m].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                .leaseGrant(LeaseGrantRequest.newBuilder().setTTL(LEASE_TTL_S).build());
        return Futures.transformAsync(granted, g -> kv[m].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                .put(PutRequest.newBuilder().setKey(key("/leased/" + runId + "/" + seq)).setValue(SESSION_VALUE)
                        .setLease(g.getID()).build()), MoreExecutors.directExecutor());
    }

    /** Builds the read requests over the first {@code sessionCount} sessions (written by {@link #putSession}). */
    public void prepareReads(long sessionCount) {
        int n = (int) Math.min(sessionCount, 100_000);
        serializableGets = new RangeRequest[n];
        linearizableGets = new RangeRequest[n];
        txns = new TxnRequest[n];
        for (int i = 0; i < n; i++) {
            ByteString k = sessionKey(i);
            serializableGets[i] = RangeRequest.newBuilder().setKey(k).setSerializable(true).build();
            linearizableGets[i] = RangeRequest.newBuilder().setKey(k).build();
            // Read-only and all-serializable: etcd answers it from the member's own store, like a LOCAL check.
            txns[i] = TxnRequest.newBuilder()
                    .addSuccess(RequestOp.newBuilder().setRequestRange(serializableGets[i]))
                    .addSuccess(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder()
                            .setKey(key("/revocations/jti/bench-" + runId + "-live-" + i)).setSerializable(true)))
                    .addSuccess(RequestOp.newBuilder().setRequestRange(RangeRequest.newBuilder()
                            .setKey(key("/revocations/subject/bench-user-" + i)).setSerializable(true)))
                    .build();
        }
    }

    /** A get answered by the member that receives it (may be stale), like a LOCAL check. */
    public Operation serializableGet() {
        return seq -> get(serializableGets, seq);
    }

    /** A get that confirms leadership through a ReadIndex round first, like a LINEARIZABLE check. */
    public Operation linearizableGet() {
        return seq -> get(linearizableGets, seq);
    }

    private ListenableFuture<?> get(RangeRequest[] requests, long seq) {
        RangeRequest req = requests[(int) (seq % requests.length)];
        return Futures.transform(kv[pick(seq)].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).range(req),
                EtcdTarget::requireFound, MoreExecutors.directExecutor());
    }

    /** The three-lookup read-only transaction. */
    public ListenableFuture<?> txn(long seq) {
        TxnRequest req = txns[(int) (seq % txns.length)];
        return Futures.transform(kv[pick(seq)].withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).txn(req),
                EtcdTarget::requireSessionFound, MoreExecutors.directExecutor());
    }

    private static RangeResponse requireFound(RangeResponse r) {
        if (r.getKvsCount() != 1) {
            throw new MissingKey();
        }
        return r;
    }

    private static TxnResponse requireSessionFound(TxnResponse r) {
        if (!r.getSucceeded() || r.getResponsesCount() != 3 || r.getResponses(0).getResponseRange().getKvsCount() != 1) {
            throw new MissingKey();
        }
        return r;
    }

    /**
     * Resets etcd 3.4's read path before a read repetition: compacts to the current revision, defragments
     * every member, then waits {@code settle} so the backend's next periodic commit (every 100 ms by default)
     * empties the read buffer that etcd 3.4 copies on every read after writes (fixed in 3.5).
     *
     * @return the revision compacted to
     */
    public long compactAndDefragment(Duration settle) throws InterruptedException {
        RangeResponse head;
        try {
            head = KVGrpc.newBlockingStub(channels.get(0)).withDeadlineAfter(30, TimeUnit.SECONDS)
                    .range(RangeRequest.newBuilder().setKey(key("/")).setLimit(1).build());
        } catch (RuntimeException e) {
            throw new IllegalStateException("etcd: reading the current revision failed: " + e.getMessage(), e);
        }
        long revision = head.getHeader().getRevision();
        try {
            KVGrpc.newBlockingStub(channels.get(0)).withDeadlineAfter(60, TimeUnit.SECONDS)
                    .compact(CompactionRequest.newBuilder().setRevision(revision).setPhysical(true).build());
        } catch (StatusRuntimeException e) {
            // OUT_OF_RANGE: already compacted to this revision (no writes since the last repetition).
            if (e.getStatus().getCode() != Status.Code.OUT_OF_RANGE) {
                throw e;
            }
        }
        for (MaintenanceGrpc.MaintenanceBlockingStub m : maintenance) {
            m.withDeadlineAfter(120, TimeUnit.SECONDS).defragment(DefragmentRequest.getDefaultInstance());
        }
        Thread.sleep(settle.toMillis()); // a fixed settle time is the point here: no condition to poll
        return revision;
    }

    /** A read found no session where one was written: the run would not measure what it claims. */
    static final class MissingKey extends RuntimeException {
        MissingKey() {
            super("etcd: key not found", null, false, false);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ManagedChannel ch : channels) {
            ch.shutdown();
        }
        for (ManagedChannel ch : channels) {
            ch.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
