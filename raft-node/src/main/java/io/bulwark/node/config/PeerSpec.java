package io.bulwark.node.config;

/**
 * One member of the cluster as listed in {@code cluster.peers}: {@code id=raftAddress|apiAddress}.
 *
 * @param id          Raft peer id, e.g. {@code n1}
 * @param raftAddress the member's Raft (peer-to-peer) endpoint
 * @param apiAddress  the member's public gRPC API endpoint
 */
public record PeerSpec(String id, HostPort raftAddress, HostPort apiAddress) {

    /** Parses one {@code id=raft|api} element; throws {@link IllegalArgumentException} naming the element. */
    public static PeerSpec parse(String element) {
        final String s = element.trim();
        final int eq = s.indexOf('=');
        final int bar = s.indexOf('|');
        if (eq <= 0 || bar < eq) {
            throw new IllegalArgumentException("expected id=raftHost:port|apiHost:port, was '" + s + "'");
        }
        final String id = s.substring(0, eq).trim();
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("peer id must be 1-64 of [A-Za-z0-9._-], was '" + id + "'");
        }
        return new PeerSpec(id, HostPort.parse(s.substring(eq + 1, bar)), HostPort.parse(s.substring(bar + 1)));
    }
}
