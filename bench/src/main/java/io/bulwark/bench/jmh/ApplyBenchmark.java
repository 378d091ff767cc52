package io.bulwark.bench.jmh;

import com.google.protobuf.InvalidProtocolBufferException;
import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.state.BulwarkState;
import io.bulwark.state.StateConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The replicated apply path as a follower runs it per Raft entry: decode one serialized
 * {@link CommandBatch} of {@link #BATCH} commands (the node's default {@code
 * writes.batch.max.commands}) and {@link BulwarkState#apply} it — dispatch, validation, the
 * Chronicle writes and one result per command. Scores are per command
 * ({@code @OperationsPerInvocation}).
 *
 * <p>Every command inserts a new row ({@link #kind}: token revocations, or session creates, which
 * also update the subject index), so batches come from a pool built in set-up with distinct keys,
 * and each iteration starts from an empty replica big enough for the whole pool. A benchmark that
 * ran through the pool fails rather than measure re-applies of existing keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class ApplyBenchmark {
    /** Commands per Raft entry (the node's default group-commit bound). */
    static final int BATCH = 256;
    /** Batches per pool: 2.1M rows, more than one 1-s iteration applies on this box (~0.5M/s measured). */
    private static final int POOL_BATCHES = 8192;

    /** What each command writes: {@code revocations} or {@code sessions}. */
    @Param({"revocations", "sessions"})
    public String kind;

    private byte[][] pool;
    private BulwarkState state;
    private long index;
    private int next;

    @Setup(Level.Trial)
    public void buildPool() {
        pool = new byte[POOL_BATCHES][];
        boolean sessions = "sessions".equals(kind);
        for (int b = 0; b < POOL_BATCHES; b++) {
            pool[b] = StateRows.batch((long) b * BATCH, BATCH, sessions ? StateRows::createSession : StateRows::revokeToken)
                    .toByteArray();
        }
    }

    @Setup(Level.Iteration)
    public void openReplica() {
        long rows = (long) POOL_BATCHES * BATCH;
        state = BulwarkState.open(new StateConfig(rows + 1024, rows + 1024, 10_000, 10_000, 256, Duration.ofMinutes(10)));
        index = 0;
        next = 0;
    }

    @TearDown(Level.Iteration)
    public void closeReplica() {
        state.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public BatchResult applyBatch() throws InvalidProtocolBufferException {
        if (next == POOL_BATCHES) {
            throw new IllegalStateException("pool of " + POOL_BATCHES + " batches used up within one iteration: raise POOL_BATCHES");
        }
        BatchResult r = state.apply(++index, CommandBatch.parseFrom(pool[next++]));
        if (r.getResults(BATCH - 1).getCode() != ResultCode.RESULT_OK) {
            throw new IllegalStateException("apply refused a command: " + r.getResults(BATCH - 1));
        }
        return r;
    }
}
