package io.bulwark.client;

import io.bulwark.api.v1.AddMemberRequest;
import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.Member;
import io.bulwark.api.v1.MembershipResponse;
import io.bulwark.api.v1.NodeRole;
import io.bulwark.api.v1.RemoveMemberRequest;
import io.bulwark.api.v1.SnapshotRequest;
import io.bulwark.api.v1.SnapshotResponse;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.StatusResponse;
import io.bulwark.api.v1.TransferLeadershipRequest;
import io.bulwark.api.v1.TransferLeadershipResponse;
import io.grpc.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Asynchronous cluster administration: node status, the whole membership's status, snapshots, leadership
 * transfer and membership changes. Obtained from {@link AsyncBulwarkClient#cluster()}; thread-safe.
 *
 * <p>Calls aimed at one node (a member's status, a snapshot on a named node, a transfer sent to the leader)
 * are pinned to that node's address and never fail over to another node. These are multi-step operations:
 * cancelling a returned future stops later steps, not a status query already sent (each ends by its deadline).
 */
public final class ClusterOps {
    private static final StatusRequest STATUS = StatusRequest.getDefaultInstance();

    private final CallRunner runner;
    private final EndpointPool pool;
    private final Duration defaultDeadline;
    private final int maxRetries;

    ClusterOps(final CallRunner runner, final EndpointPool pool, final ClientConfig config) {
        this.runner = runner;
        this.pool = pool;
        this.defaultDeadline = config.defaultDeadline();
        this.maxRetries = config.maxRetries();
    }

    /** The status of whichever node the client reaches (with failover). */
    public CompletableFuture<StatusResponse> status() {
        return runner.call("status", ClusterServiceGrpc.getStatusMethod(), STATUS, CallKind.READ);
    }

    /** The status of the node at {@code address} ({@code host:port}), one attempt, no failover. */
    public CompletableFuture<StatusResponse> status(final String address) {
        final String problem = Endpoints.problem(address);
        if (problem != null) {
            return CompletableFuture.failedFuture(BulwarkException.local("status", Status.Code.INVALID_ARGUMENT,
                "address '" + address + "' " + problem));
        }
        return statusAt(pool.forAddress(address));
    }

    /**
     * Queries every member: the configured endpoints first, then any member they list that was not among them.
     * Never fails because a member is down; it fails only if the client is closed.
     */
    public CompletableFuture<ClusterView> clusterStatus() {
        final Map<String, CompletableFuture<StatusResponse>> answers = new LinkedHashMap<>();
        for (final Endpoint e : pool.configured()) {
            answers.put(e.address(), statusAt(e));
        }
        return settled(answers).thenCompose(first -> {
            final Map<String, String> idByAddress = membership(answers);
            for (final String address : idByAddress.keySet()) {
                if (!answers.containsKey(address) && Endpoints.problem(address) == null) {
                    answers.put(address, statusAt(pool.forAddress(address)));
                }
            }
            return settled(answers).thenApply(second -> assemble(answers, membership(answers)));
        });
    }

    /**
     * Takes a snapshot now.
     *
     * @param nodeId the member to snapshot; null or empty = whichever node the client reaches
     */
    public CompletableFuture<SnapshotResponse> snapshot(final String nodeId) {
        final SnapshotRequest request = SnapshotRequest.getDefaultInstance();
        if (nodeId == null || nodeId.isEmpty()) {
            return runner.call("snapshot", ClusterServiceGrpc.getSnapshotMethod(), request, CallKind.READ);
        }
        return clusterStatus().thenCompose(view -> {
            final NodeStatus node = view.node(nodeId).orElseThrow(() -> new CompletionException(
                BulwarkException.local("snapshot", Status.Code.NOT_FOUND, "no member has node id '" + nodeId + "'")));
            return runner.call("snapshot", ClusterServiceGrpc.getSnapshotMethod(), request, CallKind.READ,
                pool.forAddress(node.address()), null, maxRetries);
        });
    }

    /**
     * Asks the leader to hand leadership to {@code toNodeId} (empty: the leader chooses), waiting up to
     * {@code timeout} for the transfer. Sent to the leader found by {@link #clusterStatus()}.
     */
    public CompletableFuture<TransferLeadershipResponse> transferLeadership(final String toNodeId,
                                                                           final Duration timeout) {
        final String target = toNodeId == null ? "" : toNodeId;
        final TransferLeadershipRequest request = TransferLeadershipRequest.newBuilder().setNodeId(target)
            .setTimeoutMs(timeout.toMillis()).build();
        return clusterStatus().thenCompose(view -> {
            if (!target.isEmpty() && view.node(target).isEmpty()) {
                throw new CompletionException(BulwarkException.local("transferLeadership", Status.Code.NOT_FOUND,
                    "no member has node id '" + target + "'"));
            }
            final NodeStatus leader = view.leaderId().isEmpty() ? null : view.node(view.leaderId()).orElse(null);
            if (leader == null) {
                throw new CompletionException(BulwarkException.local("transferLeadership", Status.Code.UNAVAILABLE,
                    ErrorReason.NO_LEADER, "no reachable member knows a leader"));
            }
            return runner.call("transferLeadership", ClusterServiceGrpc.getTransferLeadershipMethod(), request,
                CallKind.UNSAFE, pool.forAddress(leader.address()), timeout.plus(defaultDeadline), maxRetries);
        });
    }

    /**
     * Adds a voting member (the node must already run with {@code cluster.join=true}), waiting up to
     * {@code timeout} for it to catch up and the change to commit. Any member accepts it; retried with
     * failover, since the server makes a repeated add a no-op ({@code changed = false}).
     */
    public CompletableFuture<MembershipResponse> addMember(final String nodeId, final String raftAddress,
                                                           final String apiAddress, final Duration timeout) {
        final AddMemberRequest request = AddMemberRequest.newBuilder().setNodeId(nodeId).setRaftAddress(raftAddress)
            .setApiAddress(apiAddress).setTimeoutMs(timeout.toMillis()).build();
        return runner.call("addMember", ClusterServiceGrpc.getAddMemberMethod(), request, CallKind.IDEMPOTENT_WRITE,
            null, timeout.plus(defaultDeadline), maxRetries);
    }

    /**
     * Removes a voting member, waiting up to {@code timeout} for the change to commit. Any member accepts
     * it; retried with failover, since removing a non-member is a no-op ({@code changed = false}).
     */
    public CompletableFuture<MembershipResponse> removeMember(final String nodeId, final Duration timeout) {
        final RemoveMemberRequest request = RemoveMemberRequest.newBuilder().setNodeId(nodeId)
            .setTimeoutMs(timeout.toMillis()).build();
        return runner.call("removeMember", ClusterServiceGrpc.getRemoveMemberMethod(), request,
            CallKind.IDEMPOTENT_WRITE, null, timeout.plus(defaultDeadline), maxRetries);
    }

    private CompletableFuture<StatusResponse> statusAt(final Endpoint endpoint) {
        // One attempt: a member that is down should be reported quickly, not retried.
        return runner.call("status", ClusterServiceGrpc.getStatusMethod(), STATUS, CallKind.READ, endpoint, null, 0);
    }

    private static CompletableFuture<Void> settled(final Map<String, CompletableFuture<StatusResponse>> answers) {
        return settled(answers.values());
    }

    /** Completes (normally) when every future has completed, successfully or not. */
    static CompletableFuture<Void> settled(final Collection<? extends CompletableFuture<?>> futures) {
        final List<CompletableFuture<?>> all = new ArrayList<>();
        for (final CompletableFuture<?> f : futures) {
            all.add(f.handle((r, t) -> null));
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]));
    }

    /** Address to node id, from every member list received. */
    private static Map<String, String> membership(final Map<String, CompletableFuture<StatusResponse>> answers) {
        final Map<String, String> idByAddress = new LinkedHashMap<>();
        for (final CompletableFuture<StatusResponse> f : answers.values()) {
            final StatusResponse s = f.isCompletedExceptionally() ? null : f.getNow(null);
            if (s != null) {
                for (final Member m : s.getMembersList()) {
                    if (!m.getApiAddress().isEmpty()) {
                        idByAddress.putIfAbsent(m.getApiAddress(), m.getNodeId());
                    }
                }
            }
        }
        return idByAddress;
    }

    static ClusterView assemble(final Map<String, CompletableFuture<StatusResponse>> answers,
                                final Map<String, String> idByAddress) {
        long highest = 0;
        long term = 0;
        final Map<String, StatusResponse> ok = new LinkedHashMap<>();
        final Map<String, BulwarkException> failed = new HashMap<>();
        for (final Map.Entry<String, CompletableFuture<StatusResponse>> e : answers.entrySet()) {
            try {
                final StatusResponse s = e.getValue().join();
                ok.put(e.getKey(), s);
                highest = Math.max(highest, Math.max(s.getAppliedIndex(), s.getCommitIndex()));
                term = Math.max(term, s.getTerm());
            } catch (final CompletionException failure) {
                failed.put(e.getKey(), failure.getCause() instanceof BulwarkException
                    ? (BulwarkException) failure.getCause()
                    : BulwarkException.local("status", Status.Code.UNKNOWN, String.valueOf(failure.getCause())));
            }
        }
        final List<NodeStatus> nodes = new ArrayList<>();
        for (final String address : answers.keySet()) {
            final StatusResponse s = ok.get(address);
            if (s != null) {
                nodes.add(new NodeStatus(address, s.getNodeId(), s, null, highest - s.getAppliedIndex()));
            } else {
                nodes.add(new NodeStatus(address, idByAddress.getOrDefault(address, ""), null, failed.get(address),
                    -1));
            }
        }
        nodes.sort(Comparator.comparing((NodeStatus n) -> n.nodeId().isEmpty()).thenComparing(NodeStatus::nodeId)
            .thenComparing(NodeStatus::address));
        return new ClusterView(nodes, leaderOf(ok.values()), term, highest);
    }

    /** The self-declared leader of the highest term; else the leader id most members name. */
    private static String leaderOf(final Iterable<StatusResponse> answers) {
        StatusResponse best = null;
        final Map<String, Integer> votes = new HashMap<>();
        for (final StatusResponse s : answers) {
            if (s.getRole() == NodeRole.NODE_ROLE_LEADER && (best == null || s.getTerm() > best.getTerm())) {
                best = s;
            }
            if (!s.getLeaderId().isEmpty()) {
                votes.merge(s.getLeaderId(), 1, Integer::sum);
            }
        }
        if (best != null) {
            return best.getNodeId();
        }
        String leader = "";
        int most = 0;
        for (final Map.Entry<String, Integer> v : votes.entrySet()) {
            if (v.getValue() > most || (v.getValue() == most && v.getKey().compareTo(leader) < 0)) {
                leader = v.getKey();
                most = v.getValue();
            }
        }
        return leader;
    }
}
