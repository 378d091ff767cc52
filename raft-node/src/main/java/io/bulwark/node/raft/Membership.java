package io.bulwark.node.raft;

import io.bulwark.node.config.PeerSpec;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Adds and removes voting members with Ratis' {@code setConfiguration} (joint consensus), one member
 * per change. Each change is a compare-and-set from the configuration this node sees to the one
 * asked for, retried until the committed configuration is the wanted one or the deadline passes, so
 * a retried or duplicated request converges instead of failing: asking for a configuration that
 * already holds changes nothing.
 *
 * <p>Blocking: run it on an admin thread, never on a gRPC or Raft thread.
 */
final class Membership {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    /** Pause between attempts while another change finishes or this node's view of the log catches up. */
    private static final long RETRY_PAUSE_MS = 200;

    private final RaftClient client;
    private final Supplier<RaftConfiguration> conf;
    private final Supplier<DivisionInfo> info;
    private final long liveWithinMs;

    /**
     * @param liveWithinMs a follower the leader heard from within this long counts as live for the
     *                     quorum check of a removal
     */
    Membership(RaftClient client, Supplier<RaftConfiguration> conf, Supplier<DivisionInfo> info, long liveWithinMs) {
        this.client = client;
        this.conf = conf;
        this.info = info;
        this.liveWithinMs = liveWithinMs;
    }

    /**
     * What a change did: whether this call sent a change (false: the configuration already was the one
     * asked for), and the configuration after it.
     */
    record Outcome(boolean changed, List<NodeStatus.Member> members, String leaderId) {
    }

    /** Adds {@code peer} as a voting member (no change if it already is one with the same addresses). */
    Outcome add(PeerSpec peer, long timeoutMs) {
        final RaftPeer wanted = RaftPeer.newBuilder().setId(peer.id()).setAddress(peer.raftAddress().toString())
                .setClientAddress(peer.apiAddress().toString()).build();
        return change(current -> {
            for (RaftPeer p : current) {
                final boolean sameId = p.getId().toString().equals(peer.id());
                final boolean sameRaft = p.getAddress().equals(wanted.getAddress());
                final boolean sameApi = wanted.getClientAddress().equals(p.getClientAddress());
                if (sameId && sameRaft && sameApi) {
                    return null; // already a member: a retry, or nothing to do
                }
                if (sameId) {
                    throw new MembershipException(MembershipException.Kind.CONFLICT, "member " + peer.id()
                            + " already exists with raft address " + p.getAddress() + " and api address "
                            + p.getClientAddress() + "; remove it first to change its addresses");
                }
                if (sameRaft || sameApi) {
                    throw new MembershipException(MembershipException.Kind.CONFLICT, "an address of " + peer.id()
                            + " is already used by member " + p.getId());
                }
            }
            final List<RaftPeer> next = new ArrayList<>(current);
            next.add(wanted);
            return next;
        }, timeoutMs);
    }

    /** Removes {@code nodeId} (no change if it is not a member), refusing to leave no live majority. */
    Outcome remove(String nodeId, long timeoutMs) {
        return change(current -> {
            final List<RaftPeer> next = new ArrayList<>();
            for (RaftPeer p : current) {
                if (!p.getId().toString().equals(nodeId)) {
                    next.add(p);
                }
            }
            if (next.size() == current.size()) {
                return null; // not a member (any more): a retry, or nothing to do
            }
            if (next.isEmpty()) {
                throw new MembershipException(MembershipException.Kind.QUORUM,
                        nodeId + " is the last member; a cluster cannot remove its last member");
            }
            requireLiveMajority(next, nodeId);
            return next;
        }, timeoutMs);
    }

    /**
     * On the leader: the members left must include a majority the leader has heard from recently, or
     * the new configuration could never commit anything again. Elsewhere the check is skipped (the API
     * sends membership changes to the leader, so this runs there).
     */
    private void requireLiveMajority(List<RaftPeer> next, String removed) {
        final DivisionInfo d = info.get();
        if (d == null || !d.isLeader()) {
            return;
        }
        final RoleInfoProto role = d.getRoleInfoProto();
        final Set<String> live = new HashSet<>();
        live.add(d.getLeaderId() == null ? "" : d.getLeaderId().toString()); // the leader itself
        if (role.hasLeaderInfo()) {
            for (ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
                if (f.getLastRpcElapsedTimeMs() <= liveWithinMs) {
                    live.add(f.getId().getId().toStringUtf8());
                }
            }
        }
        int liveLeft = 0;
        for (RaftPeer p : next) {
            if (live.contains(p.getId().toString())) {
                liveLeft++;
            }
        }
        if (liveLeft <= next.size() / 2) {
            throw new MembershipException(MembershipException.Kind.QUORUM, "removing " + removed + " would leave "
                    + next.size() + " members of which only " + liveLeft + " answered the leader within "
                    + liveWithinMs + " ms: no live majority");
        }
    }

    /**
     * Compare-and-set loop: {@code wanted} maps the stable configuration to the one asked for (null when
     * it already is that) and may throw to refuse.
     */
    private Outcome change(UnaryOperator<List<RaftPeer>> wanted, long timeoutMs) {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        boolean changed = false;
        String lastProblem = "no attempt";
        while (true) {
            final RaftConfiguration c = conf.get();
            final boolean stable = c != null && c.getPreviousPeers().isEmpty();
            if (stable) {
                final List<RaftPeer> current = List.copyOf(c.getCurrentPeers(RaftPeerRole.FOLLOWER));
                final List<RaftPeer> next = wanted.apply(current);
                if (next == null) {
                    return new Outcome(changed, members(c.getCurrentPeers()), leaderId());
                }
                if (System.nanoTime() - deadline > 0) {
                    break;
                }
                try {
                    final RaftClientReply reply = client.admin().setConfiguration(
                            SetConfigurationRequest.Arguments.newBuilder()
                                    .setServersInCurrentConf(current)
                                    .setServersInNewConf(next)
                                    .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
                                    .build());
                    // Sent: it (or an earlier attempt of this call that timed out) may be what commits.
                    changed = true;
                    if (reply.isSuccess()) {
                        LOG.info("raft configuration changed to {}", ids(next));
                    } else {
                        // Another change in progress, a configuration newer than this node's view, no leader:
                        // all transient; the loop re-reads the configuration and tries again.
                        lastProblem = String.valueOf(reply.getException());
                    }
                } catch (IOException e) {
                    changed = true;
                    lastProblem = e.toString();
                }
            } else if (System.nanoTime() - deadline > 0) {
                break;
            }
            try {
                Thread.sleep(RETRY_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MembershipException(MembershipException.Kind.TIMEOUT, "interrupted");
            }
        }
        throw new MembershipException(MembershipException.Kind.TIMEOUT,
                "membership change not committed within " + timeoutMs + " ms (last problem: " + lastProblem + ")");
    }

    private String leaderId() {
        final DivisionInfo d = info.get();
        return d == null || d.getLeaderId() == null ? "" : d.getLeaderId().toString();
    }

    static List<NodeStatus.Member> members(Collection<RaftPeer> peers) {
        final List<NodeStatus.Member> members = new ArrayList<>();
        for (RaftPeer p : peers) {
            members.add(new NodeStatus.Member(p.getId().toString(),
                    p.getClientAddress() == null ? "" : p.getClientAddress(), p.getAddress()));
        }
        return members;
    }

    private static List<String> ids(List<RaftPeer> peers) {
        final List<String> ids = new ArrayList<>();
        for (RaftPeer p : peers) {
            ids.add(p.getId().toString());
        }
        return ids;
    }
}
