package io.bulwark.node.raft;

import io.bulwark.node.config.NodeConfig;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every Ratis setting Bulwark relies on, set explicitly in one place (Ratis' defaults are tuned for
 * neither a loaded 2-core box nor a security store). Each choice says why.
 */
final class RaftSettings {

    /** Pause between client retries: long enough not to spin during an election, short enough to fail over fast. */
    static final Duration RETRY_SLEEP = Duration.ofMillis(200);

    private RaftSettings() {
    }

    static RaftProperties properties(NodeConfig config) {
        final RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(config.dataDir().resolve("raft").toFile()));
        GrpcConfigKeys.Server.setHost(p, config.self().raftAddress().host());
        GrpcConfigKeys.Server.setPort(p, config.self().raftAddress().port());

        // 150-300 ms (Ratis' default) caused a dozen spurious elections per run on a loaded 2-core box; 1-2 s none.
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, td(config.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, td(config.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, td(config.rpcRequestTimeout()));
        // A follower is only reported slow after several election timeouts, not on one GC pause.
        RaftServerConfigKeys.Rpc.setSlownessTimeout(p, td(config.electionTimeoutMax().multipliedBy(5)));
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, td(config.rpcRequestTimeout()));

        // Follower ReadIndex reads need LINEARIZABLE; DEFAULT would serve leader-local reads only.
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setTimeout(p, td(config.readsWaitMax()));

        // Snapshots: automatic by entry count; not on stop. A stop-snapshot can take seconds and races an
        // orchestrator's kill grace period, while a restart replays at most `threshold` entries anyway.
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotAutoThreshold());
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, false);
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, config.snapshotRetain());

        // Purge the log up to the snapshot: the disk stays bounded, and a member that fell behind the purge
        // point catches up by installing the leader's snapshot.
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, config.logPurgeGap());
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.logSegmentSizeMaxBytes()));
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
        // Ratis waits 10 ms by default between two AppendEntries to a follower so that entries pile up; our
        // group commit already packs concurrent writes into one entry, and the wait sat on every commit: a
        // single write's replication (leader append to leader apply) took 12.9 ms with it, 6-8 ms without
        // (3 nodes on loopback, 2-core box, docs/PERFORMANCE.md "Write path").
        RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, td(config.appenderWaitMin()));
        // No metadata entries. By default the leader appends one after every commit advance (the commit index,
        // so that a member can re-apply up to it after a restart with no leader reachable); each one is a
        // further entry to append, fsync on every member and acknowledge, per batch. Without them revoke
        // throughput on 3 nodes (2-core box, warm) went from 2.1k/s to 4.8k/s at 64 in flight and from 6.9k/s
        // to 13.2k/s at 256 (docs/PERFORMANCE.md, "Write path"). What is lost is not safety: a restarted
        // member applies the log tail once it hears the commit index from a leader, and until then it
        // is not fresh enough to serve LOCAL reads anyway (reads.max.staleness).
        RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
        return p;
    }

    /**
     * Bounded client retries (Ratis' default retries forever without sleeping): enough attempts to
     * ride out one election within the write timeout, then the caller gets NO_LEADER and the SDK
     * retries with the same request id.
     */
    static RetryPolicy retryPolicy(NodeConfig config) {
        final int attempts = (int) Math.max(3, config.writesTimeout().toMillis() / RETRY_SLEEP.toMillis());
        return RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts, td(RETRY_SLEEP));
    }

    static TimeDuration td(Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }
}
