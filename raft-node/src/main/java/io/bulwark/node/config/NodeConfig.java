package io.bulwark.node.config;

import io.bulwark.state.StateConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Everything one {@code bulwark-node} needs, typed and validated. Built by {@link NodeConfigReader}
 * from a properties file; the property key of each component is given below with its default.
 *
 * @param nodeId                     {@code node.id} (required): this node's Raft peer id; must be one of {@code peers}
 * @param clusterName                {@code cluster.name} (required): the Raft group id is {@code UUID.nameUUIDFromBytes(name)}
 * @param peers                      {@code cluster.peers} (required): {@code n1=raftHost:port|apiHost:port,n2=...}
 * @param dataDir                    {@code data.dir} (required): Raft log, metadata and snapshots live under it
 * @param apiListen                  {@code api.listen}: where the public gRPC API binds (default: own apiAddress)
 * @param electionTimeoutMin         {@code raft.election.timeout.min} (1s; Ratis' 150 ms default causes spurious
 *                                   elections on a loaded 2-core box)
 * @param electionTimeoutMax         {@code raft.election.timeout.max} (1250ms): a follower notices a dead leader after
 *                                   between one and two draws from [min, max] (Ratis sleeps a random timeout, then
 *                                   checks the time since the last heartbeat), so max bounds failover at about 2 x max
 * @param rpcRequestTimeout          {@code raft.rpc.request.timeout} (3s): server-to-server and client request timeout
 * @param snapshotAutoThreshold      {@code raft.snapshot.auto.threshold} (10000 entries): take a snapshot after this many
 * @param snapshotAutoLogPercent     {@code raft.snapshot.auto.log.percent} (50, 0-10000): an automatic snapshot also
 *                                   waits until the commands applied since the latest one reach this percentage of
 *                                   the rows that one held (0: by entries alone). A snapshot rewrites every row, so
 *                                   this keeps its cost per write bounded as the state grows
 * @param snapshotRetain             {@code raft.snapshot.retain} (2): snapshot files kept on disk
 * @param logSegmentSizeMaxBytes     {@code raft.log.segment.size.max} (8388608): a closed segment can be purged after a snapshot
 * @param logPurgeGap                {@code raft.log.purge.gap} (1024 entries): least progress between two log purges
 * @param appenderWaitMin            {@code raft.appender.wait.min} (0ms): least time between two AppendEntries the
 *                                   leader sends one follower; Ratis' 10 ms default delays every commit, while
 *                                   group commit already packs many writes into each entry
 * @param readsMaxStaleness          {@code reads.max.staleness} (5s): LOCAL reads stop after this long without leader contact
 * @param readsStaleMode             {@code reads.stale.mode} ({@code refuse}): or {@code fail-closed} (checks DENY)
 * @param readsWaitMax               {@code reads.wait.max} (5s): upper bound of an AT_LEAST wait and a LINEARIZABLE read
 * @param writesBatchMaxCommands     {@code writes.batch.max.commands} (256): commands per log entry
 * @param writesBatchMaxBytes        {@code writes.batch.max.bytes} (1048576): serialized bytes per log entry
 * @param writesBatchLinger          {@code writes.batch.linger} (1ms): how long a batch waits for company
 * @param writesBatchMaxInFlight     {@code writes.batch.max.in.flight} (1): batches a node has replicating at once;
 *                                   while they are, new writes queue and the next batch grows (group commit)
 * @param writesTimeout              {@code writes.timeout} (5s): a write not applied by then answers UNAVAILABLE NO_LEADER
 * @param requestMaxBytes            {@code limits.request.max.bytes} (16384): larger requests are INVALID_ARGUMENT
 * @param sessionTtlMin              {@code sessions.ttl.min} (1s)
 * @param sessionTtlMax              {@code sessions.ttl.max} (30d)
 * @param revocationRetentionDefault {@code revocations.retention.default} (7d): expiry of a revocation given none
 * @param purgeInterval              {@code purge.interval} (10s): how often the leader proposes PurgeExpired
 * @param shutdownGrace              {@code shutdown.grace} (10s): how long SIGTERM waits for in-flight calls
 * @param state                      table capacities and retention: {@code tables.sessions.capacity} (1000000),
 *                                   {@code tables.revocations.capacity} (1000000), {@code tables.subjects.capacity}
 *                                   (100000), {@code tables.requests.capacity} (1000000),
 *                                   {@code tables.sessions.per.subject.max} (256), {@code requests.retention} (10m).
 *                                   Must be equal on every member: capacity decides whether a write is rejected.
 * @param policyTrustedKeys          {@code policy.trusted.keys} (empty): comma-separated paths of public JWK or JWKS
 *                                   files whose keys may sign pushed bundles (relative paths resolve against the
 *                                   config file's directory); empty: every push is refused. Must be equal on every
 *                                   member: pushes are verified again at apply.
 * @param policyVersionsKeep         {@code policy.versions.keep} (10, 4-1000): stored bundle versions; the active,
 *                                   shadowed and previous versions are never pruned. Must be equal on every member.
 * @param policyTokenCacheSize       {@code policy.token.cache.size} (100000, 0-10000000): verified bearer tokens
 *                                   cached per active version on this node (0 disables the cache)
 * @param unsafeLinearizableReadsLocal {@code testing.unsafe.linearizable.reads.local} (false). <b>TEST-ONLY, UNSAFE</b>:
 *                                   answer LINEARIZABLE reads and checks from local state without a ReadIndex round,
 *                                   so a partitioned ex-leader serves stale answers. It exists so the chaos suite can
 *                                   show that its checkers catch that bug; never set it in production.
 * @param join                       {@code cluster.join} (false): this node joins a running cluster instead of
 *                                   forming one. It starts with no Raft configuration of its own (it never
 *                                   campaigns) and waits until a member adds it ({@code ClusterService.AddMember});
 *                                   the leader then sends it the log or a snapshot. Once added, it recovers its
 *                                   membership from its own Raft storage on every restart. {@code cluster.peers}
 *                                   lists the running members and this node (its own addresses come from it; the
 *                                   others only seed where its writes are sent first).
 */
public record NodeConfig(
        String nodeId,
        String clusterName,
        List<PeerSpec> peers,
        Path dataDir,
        HostPort apiListen,
        Duration electionTimeoutMin,
        Duration electionTimeoutMax,
        Duration rpcRequestTimeout,
        long snapshotAutoThreshold,
        long snapshotAutoLogPercent,
        int snapshotRetain,
        long logSegmentSizeMaxBytes,
        int logPurgeGap,
        Duration appenderWaitMin,
        Duration readsMaxStaleness,
        StaleMode readsStaleMode,
        Duration readsWaitMax,
        int writesBatchMaxCommands,
        int writesBatchMaxBytes,
        Duration writesBatchLinger,
        int writesBatchMaxInFlight,
        Duration writesTimeout,
        int requestMaxBytes,
        Duration sessionTtlMin,
        Duration sessionTtlMax,
        Duration revocationRetentionDefault,
        Duration purgeInterval,
        Duration shutdownGrace,
        StateConfig state,
        List<Path> policyTrustedKeys,
        int policyVersionsKeep,
        int policyTokenCacheSize,
        boolean unsafeLinearizableReadsLocal,
        boolean join) {

    public NodeConfig {
        peers = List.copyOf(peers);
        policyTrustedKeys = List.copyOf(policyTrustedKeys);
    }

    /** The Raft group id every member derives from {@link #clusterName}. */
    public UUID groupUuid() {
        return UUID.nameUUIDFromBytes(clusterName.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** This node's own entry of {@link #peers}. */
    public PeerSpec self() {
        for (PeerSpec p : peers) {
            if (p.id().equals(nodeId)) {
                return p;
            }
        }
        throw new IllegalStateException("node.id " + nodeId + " is not in cluster.peers");
    }
}
