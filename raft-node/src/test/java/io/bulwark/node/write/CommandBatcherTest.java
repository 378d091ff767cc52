package io.bulwark.node.write;

import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.PurgeExpired;
import io.bulwark.replication.v1.ResultCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batcher's own logic (packing, bounds, result routing, failures) against a recording proposer
 * whose batches the test completes by hand; replication itself is covered by the cluster tests.
 */
class CommandBatcherTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<CommandBatch> proposed = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<BatchResult>> pending = new CopyOnWriteArrayList<>();
    private final BatchProposer recording = batch -> {
        proposed.add(batch);
        final CompletableFuture<BatchResult> f = new CompletableFuture<>();
        pending.add(f);
        return f;
    };

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private static Command command(long n) {
        return Command.newBuilder()
                .setHeader(CommandHeader.newBuilder().setProposerTimeMs(n).setRequestId("r" + n))
                .setPurgeExpired(PurgeExpired.newBuilder().setUpToMs(n))
                .build();
    }

    /** Completes batch i with one OK result per command whose applied_index echoes the command's time. */
    private void applyBatch(int i, long index) {
        final BatchResult.Builder r = BatchResult.newBuilder();
        for (Command c : proposed.get(i).getCommandsList()) {
            r.addResults(CommandResult.newBuilder().setCode(ResultCode.RESULT_OK).setAppliedIndex(index)
                    .setPurgedRows(c.getHeader().getProposerTimeMs()));
        }
        pending.get(i).complete(r.build());
    }

    private static void awaitSize(List<?> list, int size) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (list.size() < size) {
            assertThat(System.nanoTime()).as("waiting for %d batches", size).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void shouldPackCommandsArrivingWhileABatchIsInFlight() throws Exception {
        final CommandBatcher b = new CommandBatcher(recording, timer, 100, 1 << 20, 0, 5_000, 1);
        final CompletableFuture<CommandResult> first = b.submit(command(1));
        awaitSize(proposed, 1);
        final List<CompletableFuture<CommandResult>> rest = new ArrayList<>();
        for (int i = 2; i <= 10; i++) {
            rest.add(b.submit(command(i)));
        }
        assertThat(proposed).hasSize(1);
        applyBatch(0, 7);
        awaitSize(proposed, 2);
        assertThat(proposed.get(1).getCommandsCount()).isEqualTo(9);
        applyBatch(1, 8);
        assertThat(first.get(5, TimeUnit.SECONDS).getAppliedIndex()).isEqualTo(7);
        for (int i = 0; i < rest.size(); i++) {
            final CommandResult r = rest.get(i).get(5, TimeUnit.SECONDS);
            assertThat(r.getAppliedIndex()).isEqualTo(8);
            assertThat(r.getPurgedRows()).as("each caller gets its own result").isEqualTo(i + 2);
        }
    }

    @Test
    void shouldReportIdleOnlyWhenTheLastBatchCompletesWithNothingQueued() {
        final java.util.concurrent.atomic.AtomicInteger idles = new java.util.concurrent.atomic.AtomicInteger();
        final CommandBatcher b = new CommandBatcher(recording, timer, 100, 1 << 20, 0, 5_000, 1, idles::incrementAndGet);
        assertThat(b.idle()).isTrue();
        b.submit(command(1));
        awaitSize(proposed, 1);
        b.submit(command(2));
        assertThat(b.idle()).isFalse();
        applyBatch(0, 7);
        awaitSize(proposed, 2);
        assertThat(idles.get()).as("the next batch left at once: not idle").isZero();
        applyBatch(1, 8);
        assertThat(idles.get()).isEqualTo(1);
        assertThat(b.idle()).isTrue();
    }

    @Test
    void shouldSendAtTheCountBoundWithoutWaitingForTheLinger() {
        final CommandBatcher b = new CommandBatcher(recording, timer, 3, 1 << 20, TimeUnit.SECONDS.toNanos(30), 5_000, 8);
        for (int i = 0; i < 7; i++) {
            b.submit(command(i));
        }
        assertThat(proposed).hasSize(2);
        assertThat(proposed.get(0).getCommandsCount()).isEqualTo(3);
        assertThat(proposed.get(1).getCommandsCount()).isEqualTo(3);
        assertThat(b.queued()).isEqualTo(1);
    }

    @Test
    void shouldSendALoneCommandAfterTheLinger() {
        final CommandBatcher b = new CommandBatcher(recording, timer, 100, 1 << 20, TimeUnit.MILLISECONDS.toNanos(5), 5_000, 8);
        b.submit(command(1));
        awaitSize(proposed, 1);
        assertThat(proposed.get(0).getCommandsCount()).isEqualTo(1);
    }

    @Test
    void shouldKeepABatchUnderTheByteBound() {
        final int oneCommand = command(1).getSerializedSize();
        final CommandBatcher b = new CommandBatcher(recording, timer, 100, oneCommand * 2, TimeUnit.SECONDS.toNanos(30), 5_000, 8);
        for (int i = 0; i < 5; i++) {
            b.submit(command(i));
        }
        for (CommandBatch batch : proposed) {
            assertThat(batch.getSerializedSize()).isLessThanOrEqualTo(oneCommand * 2 + 8);
        }
        assertThat(proposed).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldStillSendTheCommandThatOverflowedABatch() {
        final int oneCommand = command(1).getSerializedSize();
        final CommandBatcher b = new CommandBatcher(recording, timer, 100, oneCommand + 1,
                TimeUnit.MILLISECONDS.toNanos(5), 5_000, 8);
        b.submit(command(1));
        b.submit(command(2));
        awaitSize(proposed, 2);
        // Two batches of one command each. Their order is not asserted: the overflowed batch is sent by
        // the submitting thread after it leaves the lock, and if that thread is descheduled past the
        // linger the timer may send the second batch first (seen under load). Writes whose calls
        // overlap have no order to keep, so the batcher does not promise one.
        assertThat(proposed).allSatisfy(batch -> assertThat(batch.getCommandsCount()).isEqualTo(1));
        assertThat(proposed).extracting(batch -> batch.getCommands(0).getHeader().getProposerTimeMs())
                .containsExactlyInAnyOrder(1L, 2L);
        assertThat(b.queued()).isZero();
    }

    @Test
    void shouldFailEveryCallerOfAFailedBatchAndTimeOutSlowOnes() {
        final CommandBatcher b = new CommandBatcher(recording, timer, 100, 1 << 20, 0, 50, 8);
        final CompletableFuture<CommandResult> failed = b.submit(command(1));
        pending.get(0).completeExceptionally(new ReplicationException(ReplicationException.Kind.NO_LEADER, "x"));
        assertThatThrownBy(() -> failed.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ReplicationException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplicationException.Kind.NO_LEADER));
        final CompletableFuture<CommandResult> slow = b.submit(command(2));
        assertThatThrownBy(() -> slow.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(ReplicationException.class,
                        e -> assertThat(e.kind()).isEqualTo(ReplicationException.Kind.TIMEOUT));
    }

    @Test
    void shouldRefuseWhenTheQueueIsFullOrClosed() {
        final CommandBatcher b = new CommandBatcher(recording, timer, 2, 1 << 20, 0, 5_000, 1);
        b.submit(command(0));
        for (int i = 1; i <= 8; i++) {
            assertThat(b.submit(command(i))).isNotDone();
        }
        assertThat(b.submit(command(9))).isCompletedExceptionally();
        b.close();
        assertThat(b.submit(command(10))).isCompletedExceptionally();
    }
}
