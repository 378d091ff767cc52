package io.bulwark.node.api;

import io.bulwark.node.write.BatchProposer;
import io.bulwark.node.write.CommandBatcher;
import io.bulwark.node.write.LeaderForwarder;
import io.bulwark.node.write.ReplicationException;
import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.PurgeExpired;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.replication.v1.Revoke;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Write forwarding over real gRPC on loopback: a follower's {@link LeaderForwarder} hands batches to
 * a leader's {@link ForwardApi}, whose commands join the leader's {@link CommandBatcher}. Raft
 * itself is replaced by an applying proposer that numbers entries (replication is covered by the
 * cluster tests, which run forwarding between real nodes). Deadlines are generous: the first call of
 * a JVM on a loaded 2-core box took seconds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForwardingTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    /** Log entries the "leader" proposed, in order. */
    private final List<CommandBatch> leaderEntries = new CopyOnWriteArrayList<>();
    private final AtomicLong nextIndex = new AtomicLong(100);
    private final AtomicBoolean leaderLeads = new AtomicBoolean(true);
    private volatile ReplicationException leaderFailure;
    /** Batches the follower proposed through its own Raft client (the fallback path). */
    private final List<CommandBatch> followerRaft = new CopyOnWriteArrayList<>();

    private CommandBatcher leaderBatcher;
    private Server leaderApi;
    private LeaderForwarder forwarder;

    @BeforeEach
    void start() throws Exception {
        final BatchProposer leaderRaft = batch -> {
            if (leaderFailure != null) {
                return CompletableFuture.failedFuture(leaderFailure);
            }
            leaderEntries.add(batch);
            final long index = nextIndex.getAndIncrement();
            final BatchResult.Builder r = BatchResult.newBuilder();
            for (Command c : batch.getCommandsList()) {
                r.addResults(CommandResult.newBuilder().setCode(ResultCode.RESULT_OK).setAppliedIndex(index)
                        .setDetail(c.getHeader().getRequestId()));
            }
            return CompletableFuture.completedFuture(r.build());
        };
        leaderBatcher = new CommandBatcher(leaderRaft, timer, 256, 1 << 20, 0, 20_000, 4);
        leaderApi = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).directExecutor()
                .addService(new ForwardApi(leaderBatcher, leaderLeads::get)).build().start();
        final String address = "127.0.0.1:" + leaderApi.getPort();
        final BatchProposer followerRaftClient = batch -> {
            followerRaft.add(batch);
            return CompletableFuture.completedFuture(BatchResult.newBuilder()
                    .addAllResults(batch.getCommandsList().stream().map(c -> CommandResult.newBuilder()
                            .setCode(ResultCode.RESULT_OK).setAppliedIndex(7).build()).toList()).build());
        };
        forwarder = new LeaderForwarder("n2", () -> false, () -> address, followerRaftClient, 20_000);
    }

    @AfterEach
    void stop() throws Exception {
        forwarder.close();
        leaderBatcher.close();
        leaderApi.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        timer.shutdownNow();
    }

    private static Command revoke(String requestId) {
        return Command.newBuilder()
                .setHeader(CommandHeader.newBuilder().setProposerTimeMs(1_000).setRequestId(requestId).setProposerNode("n2"))
                .setRevoke(Revoke.newBuilder().setExpiresAtMs(2_000))
                .build();
    }

    private static CommandBatch batch(Command... commands) {
        return CommandBatch.newBuilder().addAllCommands(List.of(commands)).build();
    }

    @Test
    void shouldApplyAFollowersBatchThroughTheLeadersBatcherWithEachCommandsOwnResult() throws Exception {
        final BatchResult result = forwarder.propose(batch(revoke("a"), revoke("b"), revoke("c"))).get(25, TimeUnit.SECONDS);

        assertThat(result.getResultsList()).extracting(CommandResult::getDetail).containsExactly("a", "b", "c");
        assertThat(result.getResultsList()).allSatisfy(r -> assertThat(r.getAppliedIndex()).isGreaterThanOrEqualTo(100));
        assertThat(leaderEntries).flatExtracting(CommandBatch::getCommandsList)
                .extracting(c -> c.getHeader().getRequestId()).containsExactly("a", "b", "c");
        assertThat(followerRaft).isEmpty();
        assertThat(forwarder.forwardedBatches()).isEqualTo(1);
    }

    @Test
    void shouldProposeThroughRaftWhenTheTargetNoLongerLeads() throws Exception {
        leaderLeads.set(false);

        final BatchResult result = forwarder.propose(batch(revoke("x"))).get(25, TimeUnit.SECONDS);

        assertThat(result.getResults(0).getAppliedIndex()).isEqualTo(7);
        assertThat(followerRaft).hasSize(1);
        assertThat(leaderEntries).isEmpty();
    }

    @Test
    void shouldNeverForwardALeaderOnlyPurge() throws Exception {
        final Command purge = Command.newBuilder()
                .setHeader(CommandHeader.newBuilder().setProposerTimeMs(1_000))
                .setPurgeExpired(PurgeExpired.newBuilder().setUpToMs(1_000)).build();

        forwarder.propose(batch(revoke("p"), purge)).get(25, TimeUnit.SECONDS);

        assertThat(followerRaft).hasSize(1);
        assertThat(leaderEntries).isEmpty();
    }

    @Test
    void shouldRefuseAForwardedPurgeOnTheLeader() {
        assertThat(ForwardApi.problem(batch(Command.newBuilder()
                .setHeader(CommandHeader.newBuilder().setProposerTimeMs(1_000))
                .setPurgeExpired(PurgeExpired.newBuilder().setUpToMs(Long.MAX_VALUE)).build())))
                .contains("leader-only");
    }

    @Test
    void shouldFailWithTheLeadersReplicationKind() {
        leaderFailure = new ReplicationException(ReplicationException.Kind.NO_LEADER, "lost leadership");

        assertThatThrownBy(() -> forwarder.propose(batch(revoke("y"))).get(25, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ReplicationException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplicationException.Kind.NO_LEADER));
        assertThat(followerRaft).as("an unknown outcome is never re-proposed another way").isEmpty();
    }
}
