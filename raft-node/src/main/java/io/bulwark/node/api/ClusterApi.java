package io.bulwark.node.api;

import io.bulwark.api.v1.AddMemberRequest;
import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.MembershipResponse;
import io.bulwark.api.v1.RemoveMemberRequest;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.GetApplyTimesRequest;
import io.bulwark.api.v1.GetApplyTimesResponse;
import io.bulwark.api.v1.GetStateDigestRequest;
import io.bulwark.api.v1.GetStateDigestResponse;
import io.bulwark.api.v1.Member;
import io.bulwark.api.v1.NodeRole;
import io.bulwark.api.v1.SnapshotRequest;
import io.bulwark.api.v1.SnapshotResponse;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.StatusResponse;
import io.bulwark.api.v1.TransferLeadershipRequest;
import io.bulwark.api.v1.TransferLeadershipResponse;
import io.bulwark.node.config.HostPort;
import io.bulwark.node.config.PeerSpec;
import io.bulwark.node.raft.ApplyTimes;
import io.bulwark.node.raft.NodeStatus;
import io.bulwark.node.raft.RaftNode;
import io.bulwark.node.read.LeaderContact;
import io.bulwark.state.BulwarkState;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

/**
 * ClusterService: this node's view of the group, snapshots on demand, leadership transfer,
 * membership changes (sent on to the leader when a follower receives them), and the replica's state
 * digest. The digest scans every table while apply waits, so it runs on its own executor (the
 * server's transport threads never block) that takes only a few requests at a time.
 */
public final class ClusterApi extends ClusterServiceGrpc.ClusterServiceImplBase {

    /** Bulwark's version, from the jar manifest when packaged. */
    public static final String VERSION = versionOf();

    private static final long DEFAULT_ADMIN_TIMEOUT_MS = 10_000;
    private static final long MAX_ADMIN_TIMEOUT_MS = 60_000;
    private static final long DEFAULT_MEMBERSHIP_TIMEOUT_MS = 30_000;
    private static final long MAX_MEMBERSHIP_TIMEOUT_MS = 120_000;
    /** Extra time a forwarded call gets beyond the change's own timeout, for the hop and the reply. */
    private static final long FORWARD_SLACK_MS = 5_000;
    private static final String NODE_ID_PATTERN = "[A-Za-z0-9._-]{1,64}";
    /** Most indexes one GetApplyTimes call may ask about. */
    static final int MAX_APPLY_TIME_INDEXES = 4_096;

    private final RaftNode raft;
    private final BulwarkState state;
    private final LeaderContact leaderContact;
    private final ReadCoordinator reads;
    private final LongSupplier monotonicMs;
    private final Executor digests;
    private final LeaderForwarding forwarding;

    /** @param digests runs state digests (bounded: a full queue refuses with UNAVAILABLE NOT_READY) */
    ClusterApi(RaftNode raft, BulwarkState state, LeaderContact leaderContact, ReadCoordinator reads,
               LongSupplier monotonicMs, String selfId, Executor digests) {
        this.forwarding = new LeaderForwarding(selfId);
        this.raft = raft;
        this.state = state;
        this.leaderContact = leaderContact;
        this.reads = reads;
        this.monotonicMs = monotonicMs;
        this.digests = digests;
    }

    @Override
    public void getStateDigest(GetStateDigestRequest request, StreamObserver<GetStateDigestResponse> observer) {
        try {
            Replies.when(CompletableFuture.supplyAsync(this::digest, digests), observer);
        } catch (RejectedExecutionException e) {
            Replies.fail(observer, new ApiException(Status.Code.UNAVAILABLE, ErrorReason.NOT_READY,
                    "state digests already queued on this node; retry later"));
        }
    }

    @Override
    public void getApplyTimes(GetApplyTimesRequest request, StreamObserver<GetApplyTimesResponse> observer) {
        if (request.getIndexesCount() > MAX_APPLY_TIME_INDEXES) {
            Replies.fail(observer, new ApiException(Status.Code.INVALID_ARGUMENT, ErrorReason.FIELD_TOO_LONG,
                    "at most " + MAX_APPLY_TIME_INDEXES + " indexes per call, got " + request.getIndexesCount(),
                    Map.of("field", "indexes", "max", Integer.toString(MAX_APPLY_TIME_INDEXES))));
            return;
        }
        final ApplyTimes times = raft.applyTimes();
        final GetApplyTimesResponse.Builder b = GetApplyTimesResponse.newBuilder()
                .setNodeId(raft.status().nodeId())
                .setAppliedIndex(state.lastAppliedIndex());
        for (int i = 0; i < request.getIndexesCount(); i++) {
            b.addAppliedAtUs(times.wallMicros(request.getIndexes(i)));
        }
        observer.onNext(b.build());
        observer.onCompleted();
    }

    private GetStateDigestResponse digest() {
        final long t0 = monotonicMs.getAsLong();
        final BulwarkState.AppliedDigest d = state.digestAtApplied();
        return GetStateDigestResponse.newBuilder()
                .setNodeId(raft.status().nodeId())
                .setAppliedIndex(d.appliedIndex())
                .setDigest("sha256:" + HexFormat.of().formatHex(d.sha256()))
                .setComputeMs(monotonicMs.getAsLong() - t0)
                .build();
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> observer) {
        try {
            final NodeStatus s = raft.status();
            final StatusResponse.Builder b = StatusResponse.newBuilder()
                    .setNodeId(s.nodeId())
                    .setRole(role(s.role()))
                    .setLeaderId(s.leaderId())
                    .setTerm(s.term())
                    .setCommitIndex(s.commitIndex())
                    .setAppliedIndex(state.lastAppliedIndex())
                    .setSnapshotIndex(s.snapshotIndex())
                    .setLeaderContactAgeMs(leaderContact.ageMs(monotonicMs.getAsLong()))
                    .setServingLocalReads(reads.isLocalFresh())
                    .setVersion(VERSION);
            for (NodeStatus.Member m : s.members()) {
                b.addMembers(Member.newBuilder().setNodeId(m.nodeId()).setApiAddress(m.apiAddress())
                        .setRaftAddress(m.raftAddress()));
            }
            for (Map.Entry<String, Long> e : state.tableRows().entrySet()) {
                b.putTableRows(e.getKey(), e.getValue());
            }
            Replies.send(observer, b.build());
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    @Override
    public void snapshot(SnapshotRequest request, StreamObserver<SnapshotResponse> observer) {
        Replies.when(raft.takeSnapshot(DEFAULT_ADMIN_TIMEOUT_MS)
                .thenApply(index -> SnapshotResponse.newBuilder().setSnapshotIndex(index).build()), observer);
    }

    @Override
    public void transferLeadership(TransferLeadershipRequest request,
                                   StreamObserver<TransferLeadershipResponse> observer) {
        try {
            if (!request.getNodeId().isEmpty() && !raft.isMember(request.getNodeId())) {
                throw ApiException.invalid(ErrorReason.FIELD_MALFORMED, "node_id", "not a member of this cluster");
            }
            final long timeoutMs = request.getTimeoutMs() == 0 ? DEFAULT_ADMIN_TIMEOUT_MS : request.getTimeoutMs();
            if (timeoutMs < 1 || timeoutMs > MAX_ADMIN_TIMEOUT_MS) {
                throw ApiException.invalid(ErrorReason.DURATION_OUT_OF_RANGE, "timeout_ms",
                        "timeout_ms must be 1-" + MAX_ADMIN_TIMEOUT_MS);
            }
            Replies.when(raft.transferLeadership(request.getNodeId(), timeoutMs)
                    .thenApply(id -> TransferLeadershipResponse.newBuilder().setLeaderId(id).build()), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    @Override
    public void addMember(AddMemberRequest request, StreamObserver<MembershipResponse> observer) {
        try {
            final String id = request.getNodeId();
            if (id.isEmpty()) {
                throw ApiException.invalid(ErrorReason.FIELD_MISSING, "node_id", "node_id is required");
            }
            if (!id.matches(NODE_ID_PATTERN)) {
                throw ApiException.invalid(ErrorReason.FIELD_MALFORMED, "node_id", "node_id must be 1-64 of [A-Za-z0-9._-]");
            }
            final PeerSpec peer = new PeerSpec(id, address(request.getRaftAddress(), "raft_address"),
                    address(request.getApiAddress(), "api_address"));
            final long timeoutMs = membershipTimeout(request.getTimeoutMs());
            final CompletableFuture<MembershipResponse> answer = onLeader(ClusterServiceGrpc.getAddMemberMethod(),
                    request, timeoutMs, () -> raft.addMember(peer, timeoutMs));
            Replies.when(answer, observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    @Override
    public void removeMember(RemoveMemberRequest request, StreamObserver<MembershipResponse> observer) {
        try {
            final String id = request.getNodeId();
            if (id.isEmpty()) {
                throw ApiException.invalid(ErrorReason.FIELD_MISSING, "node_id", "node_id is required");
            }
            if (!id.matches(NODE_ID_PATTERN)) {
                throw ApiException.invalid(ErrorReason.FIELD_MALFORMED, "node_id", "node_id must be 1-64 of [A-Za-z0-9._-]");
            }
            final long timeoutMs = membershipTimeout(request.getTimeoutMs());
            final CompletableFuture<MembershipResponse> answer = onLeader(ClusterServiceGrpc.getRemoveMemberMethod(),
                    request, timeoutMs, () -> raft.removeMember(id, timeoutMs));
            Replies.when(answer, observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    /**
     * Runs the change here when this node leads; otherwise sends the request to the leader's API (once:
     * a forwarded request that finds this node not leading answers UNAVAILABLE NO_LEADER).
     */
    private <Q> CompletableFuture<MembershipResponse> onLeader(
            io.grpc.MethodDescriptor<Q, MembershipResponse> method, Q request, long timeoutMs,
            java.util.function.Supplier<CompletableFuture<RaftNode.MembershipChange>> local) {
        if (raft.isLeader()) {
            return local.get().thenApply(ClusterApi::membershipResponse);
        }
        if (LeaderForwarding.wasForwarded()) {
            throw LeaderForwarding.leadershipMoved();
        }
        final String leader = raft.leaderApiAddress();
        if (leader == null) {
            throw new ApiException(io.grpc.Status.Code.UNAVAILABLE, ErrorReason.NO_LEADER,
                    "no leader known to this node; retry the request");
        }
        return forwarding.forward(leader, method, request, timeoutMs + FORWARD_SLACK_MS);
    }

    private static MembershipResponse membershipResponse(RaftNode.MembershipChange c) {
        final MembershipResponse.Builder b = MembershipResponse.newBuilder().setChanged(c.changed())
                .setLeaderId(c.leaderId());
        for (NodeStatus.Member m : c.members()) {
            b.addMembers(Member.newBuilder().setNodeId(m.nodeId()).setApiAddress(m.apiAddress())
                    .setRaftAddress(m.raftAddress()));
        }
        return b.build();
    }

    private static HostPort address(String text, String field) {
        if (text.isEmpty()) {
            throw ApiException.invalid(ErrorReason.FIELD_MISSING, field, field + " is required (host:port)");
        }
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(ErrorReason.FIELD_MALFORMED, field, field + ": " + e.getMessage());
        }
    }

    private static long membershipTimeout(long requestedMs) {
        final long timeoutMs = requestedMs == 0 ? DEFAULT_MEMBERSHIP_TIMEOUT_MS : requestedMs;
        if (timeoutMs < 1 || timeoutMs > MAX_MEMBERSHIP_TIMEOUT_MS) {
            throw ApiException.invalid(ErrorReason.DURATION_OUT_OF_RANGE, "timeout_ms",
                    "timeout_ms must be 1-" + MAX_MEMBERSHIP_TIMEOUT_MS);
        }
        return timeoutMs;
    }

    private static NodeRole role(String ratisRole) {
        return switch (ratisRole) {
            case "LEADER" -> NodeRole.NODE_ROLE_LEADER;
            case "FOLLOWER" -> NodeRole.NODE_ROLE_FOLLOWER;
            case "CANDIDATE" -> NodeRole.NODE_ROLE_CANDIDATE;
            case "LISTENER" -> NodeRole.NODE_ROLE_LISTENER;
            default -> NodeRole.NODE_ROLE_UNSPECIFIED;
        };
    }

    private static String versionOf() {
        final String v = ClusterApi.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
