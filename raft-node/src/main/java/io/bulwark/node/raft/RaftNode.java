package io.bulwark.node.raft;

import io.bulwark.node.config.NodeConfig;
import io.bulwark.node.config.PeerSpec;
import io.bulwark.node.read.CaughtUpContacts;
import io.bulwark.node.read.LeaderContact;
import io.bulwark.node.write.BatchProposer;
import io.bulwark.node.write.ReplicationException;
import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.CommandBatch;
import org.apache.ratis.client.ClientFactory;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.ReplicationLevel;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One Ratis server (gRPC transport) for the Bulwark group plus a bounded-retry {@link RaftClient}
 * that proposes this node's writes and ReadIndex reads. Offers them as Bulwark operations:
 * {@link #propose}, {@link #readIndex}, {@link #status}, {@link #takeSnapshot},
 * {@link #transferLeadership}; and keeps {@link LeaderContact} current from a background ticker.
 *
 * <p>On the leader, writes are submitted to its own server directly. Elsewhere (a follower's batches
 * normally reach the leader through {@code ForwardService}; this is the fallback) Ratis' client finds
 * the leader, following NotLeader redirects, and its retry cache makes a resend of the same call apply once.
 */
public final class RaftNode implements BatchProposer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
    private static final long CONTACT_TICK_MS = 100;
    private static final Message EMPTY = Message.valueOf(BulwarkStateMachine.toRatis(new byte[0]));

    private final NodeConfig config;
    private final BulwarkStateMachine stateMachine;
    private final LeaderContact leaderContact;
    private final LongSupplier monotonicMs;
    private final RaftPeerId selfId;
    private final RaftGroup group;
    private final RaftServer server;
    private final RaftClient client;
    /** Client id and call ids of the writes the leader submits to its own server (see {@link #propose}). */
    private final ClientId directClientId = ClientId.randomId();
    private final AtomicLong directCallIds = new AtomicLong();
    private final ScheduledExecutorService ticker;
    /** Recent leader contacts and the last log index held at each; only the ticker thread touches it. */
    private final CaughtUpContacts contacts;
    /** Blocking Ratis admin calls (snapshot, leadership transfer) run here, never on a gRPC thread. */
    private final ExecutorService admin;
    private final Membership membership;

    private RaftNode(NodeConfig config, BulwarkStateMachine stateMachine, LeaderContact leaderContact,
                     LongSupplier monotonicMs) throws IOException {
        this.config = config;
        this.stateMachine = stateMachine;
        this.leaderContact = leaderContact;
        this.contacts = new CaughtUpContacts((int) Math.min(10_000, leaderContact.maxStalenessMs() / CONTACT_TICK_MS + 2));
        this.monotonicMs = monotonicMs;
        this.selfId = RaftPeerId.valueOf(config.nodeId());
        final List<RaftPeer> peers = new ArrayList<>();
        final List<RaftPeer> clientPeers = new ArrayList<>();
        for (PeerSpec p : config.peers()) {
            final RaftPeer peer = RaftPeer.newBuilder()
                    .setId(p.id())
                    .setAddress(p.raftAddress().toString())
                    // Our API address, so every member's API endpoint is part of the replicated configuration.
                    .setClientAddress(p.apiAddress().toString())
                    .build();
            peers.add(peer);
            clientPeers.add(ClientAddressOverride.withRaftAddressOnly(peer));
        }
        final RaftGroupId groupId = RaftGroupId.valueOf(config.groupUuid());
        this.group = RaftGroup.valueOf(groupId, peers);
        final RaftProperties properties = RaftSettings.properties(config);
        // A joining node starts with an empty configuration: Ratis then keeps it in an initializing state
        // (no election timer), so it cannot form a group of its own or disturb the running one; the
        // leader's first AppendEntries or InstallSnapshot after AddMember brings the real configuration.
        // On later starts Ratis reads the configuration back from this node's storage (raft-meta.conf and
        // the log), so the empty initial one only matters until then.
        this.server = RaftServer.newBuilder()
                .setServerId(selfId)
                .setGroup(config.join() ? RaftGroup.valueOf(groupId) : group)
                .setStateMachine(stateMachine)
                .setProperties(properties)
                .setOption(RaftStorage.StartupOption.RECOVER)
                .build();
        final Parameters parameters = new Parameters();
        final ClientId clientId = ClientId.randomId();
        final ClientFactory factory = new GrpcFactory(parameters);
        this.client = RaftClient.newBuilder()
                .setClientId(clientId)
                .setProperties(properties)
                .setParameters(parameters)
                .setRaftGroup(RaftGroup.valueOf(groupId, clientPeers))
                .setRetryPolicy(RaftSettings.retryPolicy(config))
                .setClientRpc(new ClientAddressOverride(factory.newRaftClientRpc(clientId, properties)))
                .build();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "raft-contact-ticker"));
        this.admin = Executors.newSingleThreadExecutor(r -> daemon(r, "raft-admin"));
        // A follower the leader heard from within three election timeouts counts as live.
        this.membership = new Membership(client, this::raftConf, this::divisionInfo,
                config.electionTimeoutMax().multipliedBy(3).toMillis());
    }

    /** When this replica applied its recent log indexes (GetApplyTimes). */
    public ApplyTimes applyTimes() {
        return stateMachine.applyTimes();
    }

    /**
     * Starts the Ratis server (which loads the latest snapshot and replays the log) and the
     * leader-contact ticker.
     *
     * @param monotonicMs a monotonic millisecond clock, the same one {@code leaderContact} readers use
     */
    public static RaftNode start(NodeConfig config, BulwarkStateMachine stateMachine, LeaderContact leaderContact,
                                 LongSupplier monotonicMs) throws IOException {
        final RaftNode node = new RaftNode(config, stateMachine, leaderContact, monotonicMs);
        node.server.start();
        node.ticker.scheduleWithFixedDelay(node::updateLeaderContact, 0, CONTACT_TICK_MS, TimeUnit.MILLISECONDS);
        LOG.info("raft server {} started on {} (group {})", config.nodeId(), config.self().raftAddress(),
                node.group.getGroupId());
        return node;
    }

    @Override
    public CompletableFuture<BatchResult> propose(CommandBatch batch) {
        final Message message = Message.valueOf(BulwarkStateMachine.toRatis(batch.toByteArray()));
        final CompletableFuture<RaftClientReply> replied;
        if (isLeader()) {
            // On the leader the batch goes straight into the server, not over loopback gRPC through our own
            // Ratis client: measured on the 2-core box with one write at a time, the client path took 22 ms
            // from propose to reply, the direct one 14.5 ms (submit to startTransaction 0.5-0.9 ms against
            // 2.5-7 ms, apply to reply 0.2-1.4 ms; docs/PERFORMANCE.md, "Write path").
            replied = submitToLocalServer(message).thenCompose(reply -> reply.isSuccess()
                    || !(reply.getException() instanceof NotLeaderException || reply.getException() instanceof LeaderNotReadyException)
                    // Leadership moved between the check and the submit; nothing was appended here, so the
                    // client (which follows redirects and rides out elections) takes it from the start.
                    ? CompletableFuture.completedFuture(reply)
                    : client.async().send(message));
        } else {
            // Not the leader (or leadership is changing): the client follows NotLeader redirects and retries.
            replied = client.async().send(message);
        }
        return replied.handle((reply, error) -> {
            if (error != null) {
                throw translateWrite(error);
            }
            if (!reply.isSuccess()) {
                throw translateWrite(reply.getException());
            }
            try {
                return BatchResult.parseFrom(reply.getMessage().getContent().asReadOnlyByteBuffer());
            } catch (IOException e) {
                throw new ReplicationException(ReplicationException.Kind.INTERNAL, "undecodable BatchResult", e);
            }
        });
    }

    /**
     * Submits a write to this member's own server. A batch this server appended and then lost
     * leadership over is either committed by the next leader or truncated, as for any Raft write; the
     * request ids inside the batch keep a retry of it exactly-once.
     */
    private CompletableFuture<RaftClientReply> submitToLocalServer(Message message) {
        return submitToLocalServer(message, RaftClientRequest.writeRequestType());
    }

    private CompletableFuture<RaftClientReply> submitToLocalServer(Message message, RaftClientRequest.Type type) {
        final RaftClientRequest request = RaftClientRequest.newBuilder()
                .setClientId(directClientId)
                .setServerId(selfId)
                .setGroupId(group.getGroupId())
                .setCallId(directCallIds.incrementAndGet())
                .setMessage(message)
                .setType(type)
                .build();
        try {
            return server.submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Raft ReadIndex through this node: completes (with the applied index) once this replica has
     * applied everything committed when the read began, so a local read afterwards is linearizable.
     */
    public CompletableFuture<Long> readIndex() {
        return client.async().sendReadOnlyUnordered(EMPTY, selfId).handle((reply, error) -> {
            if (error != null) {
                throw translate(error);
            }
            if (!reply.isSuccess()) {
                throw translate(reply.getException());
            }
            final ByteBuffer b = reply.getMessage().getContent().asReadOnlyByteBuffer();
            return b.remaining() >= Long.BYTES ? b.getLong() : 0L;
        });
    }

    /**
     * Starts a Raft ReadIndex round inside this member's own server (no Ratis client, no loopback
     * gRPC). On the leader it makes every log appender heartbeat its follower at once, and each
     * heartbeat carries the leader's commit index. For the commit beacon; completes when the round
     * does, with no value (a failed round completes exceptionally).
     */
    public CompletableFuture<Void> heartbeatCommitIndex() {
        return submitInProcess(EMPTY, RaftClientRequest.readRequestType());
    }

    /**
     * Completes once every member's log holds (flushed) the entries this leader has committed so far:
     * a Ratis watch at {@link org.apache.ratis.proto.RaftProtos.ReplicationLevel#ALL}, in process. Only then
     * can a heartbeat move the slowest follower's commit index to the end of those entries (a follower
     * commits no further than it has flushed, and an appender with an entry still unacknowledged sends
     * heartbeats that carry no usable position). Completes exceptionally when this node does not lead.
     */
    public CompletableFuture<Void> whenAllHoldCommitted() {
        final long committed;
        try {
            committed = server.getDivision(group.getGroupId()).getRaftLog().getLastCommittedIndex();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return submitInProcess(Message.EMPTY, RaftClientRequest.watchRequestType(committed, ReplicationLevel.ALL));
    }

    private CompletableFuture<Void> submitInProcess(Message message, RaftClientRequest.Type type) {
        return submitToLocalServer(message, type).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new CompletionException(reply.getException());
            }
            return null;
        });
    }

    /** Whether this node currently leads the group. */
    public boolean isLeader() {
        final DivisionInfo info = divisionInfo();
        return info != null && info.isLeader() && info.isLeaderReady();
    }

    /** Whether this node knows a leader (itself or another member). */
    public boolean hasLeader() {
        final DivisionInfo info = divisionInfo();
        return info != null && info.getLeaderId() != null;
    }

    /** This member's view of the group. */
    public NodeStatus status() {
        final List<NodeStatus.Member> members = new ArrayList<>();
        try {
            final RaftServer.Division d = server.getDivision(group.getGroupId());
            final DivisionInfo info = d.getInfo();
            members.addAll(Membership.members(d.getRaftConf().getCurrentPeers()));
            final RaftPeerId leader = info.getLeaderId();
            return new NodeStatus(config.nodeId(), info.getCurrentRole().name(), leader == null ? "" : leader.toString(),
                    info.getCurrentTerm(), d.getRaftLog().getLastCommittedIndex(), info.getLastAppliedIndex(),
                    stateMachine.latestSnapshotIndex(), members);
        } catch (IOException e) {
            return new NodeStatus(config.nodeId(), "UNKNOWN", "", 0, 0, 0, stateMachine.latestSnapshotIndex(), members);
        }
    }

    /**
     * Writes a snapshot on this node now, of the state as applied when the writer starts (after a
     * write already in progress); completes with its index once it is on disk. Apply goes on
     * meanwhile. On timeout the write still goes on; Ratis learns of the snapshot (and purges its log
     * up to it) the next time its auto-snapshot threshold is reached.
     */
    public CompletableFuture<Long> takeSnapshot(long timeoutMs) {
        return stateMachine.snapshotNow()
                .orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .handle((index, error) -> {
                    if (error == null) {
                        return index;
                    }
                    Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (t instanceof TimeoutException) {
                        throw new ReplicationException(ReplicationException.Kind.TIMEOUT,
                                "snapshot not on disk within " + timeoutMs + " ms; its write goes on", t);
                    }
                    throw new ReplicationException(ReplicationException.Kind.INTERNAL, "snapshot failed: " + t.getMessage(), t);
                });
    }

    /**
     * Asks the leader to hand leadership to {@code targetId} (empty: the first other member in
     * configuration order); completes with the new leader's id.
     */
    public CompletableFuture<String> transferLeadership(String targetId, long timeoutMs) {
        return CompletableFuture.supplyAsync(() -> {
            final DivisionInfo info = divisionInfo();
            String target = targetId;
            if (target == null || target.isEmpty()) {
                final String current = info == null || info.getLeaderId() == null ? "" : info.getLeaderId().toString();
                final RaftConfiguration c = raftConf();
                target = c == null ? null : c.getCurrentPeers().stream().map(p -> p.getId().toString())
                        .filter(id -> !id.equals(current)).findFirst().orElse(null);
                if (target == null) {
                    throw new ReplicationException(ReplicationException.Kind.REJECTED, "no other member");
                }
            }
            try {
                final RaftClientReply reply = client.admin().transferLeadership(RaftPeerId.valueOf(target), timeoutMs);
                if (!reply.isSuccess()) {
                    throw translate(reply.getException());
                }
                return target;
            } catch (IOException e) {
                throw translate(e);
            }
        }, admin);
    }

    /** Whether {@code nodeId} is a member of the current Raft configuration (which membership changes move). */
    public boolean isMember(String nodeId) {
        final RaftConfiguration c = raftConf();
        if (c == null) {
            return false;
        }
        for (RaftPeer p : c.getCurrentPeers()) {
            if (p.getId().toString().equals(nodeId)) {
                return true;
            }
        }
        return false;
    }

    /** The leader's API address from the replicated configuration, or null when no leader is known. */
    public String leaderApiAddress() {
        final DivisionInfo info = divisionInfo();
        final RaftConfiguration c = raftConf();
        if (info == null || c == null || info.getLeaderId() == null) {
            return null;
        }
        final RaftPeer leader = c.getPeer(info.getLeaderId());
        return leader == null || leader.getClientAddress() == null || leader.getClientAddress().isEmpty()
                ? null : leader.getClientAddress();
    }

    /**
     * Adds {@code peer} as a voting member (joint consensus through the leader); completes once the
     * configuration holding it has committed. The new node must already run with {@code cluster.join=true}.
     *
     * @throws MembershipException (in the future) on a conflicting id or address, or when not committed in time
     */
    public CompletableFuture<MembershipChange> addMember(PeerSpec peer, long timeoutMs) {
        return CompletableFuture.supplyAsync(() -> outcome(membership.add(peer, timeoutMs)), admin);
    }

    /**
     * Removes a voting member; completes once the configuration without it has committed. Refused when
     * the members left would include no live majority.
     */
    public CompletableFuture<MembershipChange> removeMember(String nodeId, long timeoutMs) {
        return CompletableFuture.supplyAsync(() -> outcome(membership.remove(nodeId, timeoutMs)), admin);
    }

    /**
     * The result of a membership change.
     *
     * @param changed  false when the configuration already was the one asked for
     * @param members  the configuration after the change
     * @param leaderId the leader as this node knows it
     */
    public record MembershipChange(boolean changed, List<NodeStatus.Member> members, String leaderId) {
    }

    private static MembershipChange outcome(Membership.Outcome o) {
        return new MembershipChange(o.changed(), o.members(), o.leaderId());
    }

    private RaftConfiguration raftConf() {
        try {
            return server.getDivision(group.getGroupId()).getRaftConf();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        admin.shutdownNow();
        leaderContact.lost();
        try {
            client.close();
        } catch (IOException e) {
            LOG.warn("closing raft client: {}", e.toString());
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.warn("closing raft server: {}", e.toString());
        }
    }

    /**
     * Follower: contact = when the leader's last RPC arrived. Leader: when a majority (itself plus
     * the freshest followers) last heard each other, so a leader cut off from its followers goes stale
     * like any follower. Candidate or leaderless: no new contact, so the age keeps growing.
     *
     * <p>A contact only makes the data fresh once this replica has applied every entry its log held at
     * that contact ({@link CaughtUpContacts}). That bound is what a follower can know: it counts what it
     * has received, so a follower still receiving a long backlog from the leader is not caught by this
     * (docs/OPERATIONS.md, {@code reads.max.staleness}).
     */
    private void updateLeaderContact() {
        try {
            final RaftServer.Division division = server.getDivision(group.getGroupId());
            final DivisionInfo info = division.getInfo();
            if (info == null || !info.isAlive()) {
                return;
            }
            final long now = monotonicMs.getAsLong();
            final RoleInfoProto role = info.getRoleInfoProto();
            long contact = LeaderContact.NEVER;
            if (role.getRole() == RaftPeerRole.LEADER && role.hasLeaderInfo()) {
                final List<ServerRpcProto> followers = role.getLeaderInfo().getFollowerInfoList();
                final long[] elapsed = new long[followers.size()];
                for (int i = 0; i < elapsed.length; i++) {
                    elapsed[i] = followers.get(i).getLastRpcElapsedTimeMs();
                }
                Arrays.sort(elapsed);
                final int clusterSize = elapsed.length + 1;
                final int othersNeeded = clusterSize / 2; // majority minus the leader itself
                if (othersNeeded == 0) {
                    contact = now;
                } else if (elapsed.length >= othersNeeded) {
                    contact = now - elapsed[othersNeeded - 1];
                }
            } else if ((role.getRole() == RaftPeerRole.FOLLOWER || role.getRole() == RaftPeerRole.LISTENER)
                    && role.hasFollowerInfo() && role.getFollowerInfo().hasLeaderInfo()
                    && info.getLeaderId() != null) {
                contact = now - role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs();
            }
            if (contact != LeaderContact.NEVER) {
                // The log's end, not the commit index: after a restart the commit index is not known until a
                // new leader commits in its term, while every entry this member holds may already be committed.
                final TermIndex last = division.getRaftLog().getLastEntryTermIndex();
                contacts.contact(contact, last == null ? 0 : last.getIndex());
            }
            final long fresh = contacts.freshAsOf(info.getLastAppliedIndex());
            if (fresh != LeaderContact.NEVER) {
                leaderContact.contactAt(fresh);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("leader contact tick failed: {}", e.toString());
        }
    }

    private DivisionInfo divisionInfo() {
        try {
            return server.getDivision(group.getGroupId()).getInfo();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * {@link #translate} for a write. The Ratis client also fails a request with AlreadyClosedException
     * when its stream to a peer closed (the peer died while no leader was known); while this member's own
     * server still runs, that means "no leader reachable now", not "this node is closing".
     */
    private ReplicationException translateWrite(Throwable error) {
        final ReplicationException r = translate(error);
        if (r.kind() == ReplicationException.Kind.NOT_READY && server.getLifeCycleState() == LifeCycle.State.RUNNING) {
            return new ReplicationException(ReplicationException.Kind.NO_LEADER, "no leader reachable: " + r.getMessage(), r.getCause());
        }
        return r;
    }

    /** Ratis failures in Bulwark's terms; the API maps the kind to a status. */
    static ReplicationException translate(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ReplicationException r) {
            return r;
        }
        if (t instanceof StateMachineException) {
            return new ReplicationException(ReplicationException.Kind.REJECTED, t.getMessage(), t);
        }
        if (t instanceof AlreadyClosedException) {
            return new ReplicationException(ReplicationException.Kind.NOT_READY, "raft client or server closed", t);
        }
        if (t instanceof RaftException || t instanceof IOException) {
            // NotLeader, LeaderNotReady, retries exhausted, timeouts, connection refused: no usable leader now.
            return new ReplicationException(ReplicationException.Kind.NO_LEADER, t.getClass().getSimpleName(), t);
        }
        return new ReplicationException(ReplicationException.Kind.INTERNAL, String.valueOf(t), t);
    }

    private static Thread daemon(Runnable r, String name) {
        final Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
