package io.bulwark.node.raft;

import org.apache.ratis.client.RaftClientRpc;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Lets every Raft member advertise its public API address in Ratis' peer {@code clientAddress}
 * (so Status can list every member's API address from the replicated configuration) while the
 * node's own {@code RaftClient} still reaches Ratis' client service on the Raft port.
 *
 * <p>Ratis' gRPC client dials {@code clientAddress} when set. Every peer the client learns of —
 * at build time or from a NotLeader redirect — passes through {@link #addRaftPeers}, where the
 * client address is dropped so the Raft address is used instead.
 */
final class ClientAddressOverride implements RaftClientRpc {

    private final RaftClientRpc delegate;

    ClientAddressOverride(RaftClientRpc delegate) {
        this.delegate = delegate;
    }

    static RaftPeer withRaftAddressOnly(RaftPeer p) {
        return RaftPeer.newBuilder()
                .setId(p.getId())
                .setAddress(p.getAddress())
                .setPriority(p.getPriority())
                .setStartupRole(p.getStartupRole())
                .build();
    }

    @Override
    public void addRaftPeers(Collection<RaftPeer> peers) {
        final List<RaftPeer> rewritten = new ArrayList<>(peers.size());
        for (RaftPeer p : peers) {
            rewritten.add(withRaftAddressOnly(p));
        }
        delegate.addRaftPeers(rewritten);
    }

    @Override
    public CompletableFuture<RaftClientReply> sendRequestAsync(RaftClientRequest request) {
        return delegate.sendRequestAsync(request);
    }

    @Override
    public CompletableFuture<RaftClientReply> sendRequestAsyncUnordered(RaftClientRequest request) {
        return delegate.sendRequestAsyncUnordered(request);
    }

    @Override
    public RaftClientReply sendRequest(RaftClientRequest request) throws IOException {
        return delegate.sendRequest(request);
    }

    @Override
    public boolean handleException(RaftPeerId serverId, Throwable t, boolean reconnect) {
        return delegate.handleException(serverId, t, reconnect);
    }

    @Override
    public boolean shouldReconnect(Throwable t) {
        return delegate.shouldReconnect(t);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
