package io.bulwark.node.write;

import io.bulwark.replication.v1.BatchResult;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit: packs concurrently submitted commands into one {@link CommandBatch} per log entry.
 *
 * <p>A batch is sent when it is full (by count or bytes), or when the first command in it has
 * waited {@code linger}. While {@code maxInFlight} batches are already replicating, new commands
 * keep accumulating, so batches grow with load (the classic group-commit feedback) instead of
 * the log being flooded with one-command entries. The queue is bounded: past
 * {@code maxQueuedCommands} a submit fails at once with {@link ReplicationException.Kind#NOT_READY}.
 *
 * <p>Thread-safe. Never blocks the submitting thread: the proposer is asynchronous.
 */
public final class CommandBatcher implements AutoCloseable {

    private final BatchProposer proposer;
    private final ScheduledExecutorService timer;
    private final int maxCommands;
    private final int maxBytes;
    private final long lingerNs;
    private final long timeoutMs;
    private final int maxInFlight;
    private final int maxQueuedCommands;
    private final Runnable onIdle;

    private final Object lock = new Object();
    private List<Command> commands = new ArrayList<>();
    private List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
    private int pendingBytes;
    private int inFlight;
    private ScheduledFuture<?> lingerTimer;
    private boolean lingerExpired;
    private boolean closed;

    /**
     * @param proposer          replicates a batch
     * @param timer             runs linger timers (a single thread is plenty)
     * @param maxCommands       most commands per batch
     * @param maxBytes          most serialized command bytes per batch
     * @param lingerNs          how long a non-full batch waits for company (0: send as soon as possible)
     * @param timeoutMs         a batch not applied by then fails with {@link ReplicationException.Kind#TIMEOUT}
     * @param maxInFlight       most batches replicating at once (Ratis allows 100 outstanding async requests per client)
     */
    public CommandBatcher(BatchProposer proposer, ScheduledExecutorService timer, int maxCommands, int maxBytes,
                          long lingerNs, long timeoutMs, int maxInFlight) {
        this(proposer, timer, maxCommands, maxBytes, lingerNs, timeoutMs, maxInFlight, () -> { });
    }

    /**
     * As above, with {@code onIdle} run (on the completing thread; it must not block) each time a
     * batch completes and leaves nothing queued or in flight.
     */
    public CommandBatcher(BatchProposer proposer, ScheduledExecutorService timer, int maxCommands, int maxBytes,
                          long lingerNs, long timeoutMs, int maxInFlight, Runnable onIdle) {
        if (maxCommands < 1 || maxBytes < 1 || lingerNs < 0 || timeoutMs < 1 || maxInFlight < 1) {
            throw new IllegalArgumentException("batcher limits must be positive");
        }
        this.proposer = proposer;
        this.timer = timer;
        this.maxCommands = maxCommands;
        this.maxBytes = maxBytes;
        this.lingerNs = lingerNs;
        this.timeoutMs = timeoutMs;
        this.maxInFlight = maxInFlight;
        this.maxQueuedCommands = maxCommands * 4;
        this.onIdle = onIdle;
    }

    /** Queues {@code command}; the future completes with its own result once its batch is applied. */
    public CompletableFuture<CommandResult> submit(Command command) {
        final CompletableFuture<CommandResult> future = new CompletableFuture<>();
        final int size = command.getSerializedSize();
        CommandBatch overflow = null;
        List<CompletableFuture<CommandResult>> overflowFutures = null;
        CommandBatch ready = null;
        List<CompletableFuture<CommandResult>> readyFutures = null;
        synchronized (lock) {
            if (closed) {
                future.completeExceptionally(new ReplicationException(ReplicationException.Kind.NOT_READY, "node is shutting down"));
                return future;
            }
            if (commands.size() >= maxQueuedCommands) {
                future.completeExceptionally(new ReplicationException(ReplicationException.Kind.NOT_READY, "write queue full"));
                return future;
            }
            if (!commands.isEmpty() && pendingBytes + size > maxBytes && inFlight < maxInFlight) {
                // The new command would overflow the batch: send what is there first.
                overflow = takeBatchLocked();
                overflowFutures = lastTakenFutures;
            }
            commands.add(command);
            futures.add(future);
            pendingBytes += size;
            if (commands.size() == 1) {
                armLingerLocked();
            }
            if (shouldSendLocked()) {
                ready = takeBatchLocked();
                readyFutures = lastTakenFutures;
            }
        }
        if (overflow != null) {
            send(overflow, overflowFutures);
        }
        if (ready != null) {
            send(ready, readyFutures);
        }
        return future;
    }

    /** Whether nothing is queued or replicating. */
    public boolean idle() {
        synchronized (lock) {
            return commands.isEmpty() && inFlight == 0;
        }
    }

    /** Commands waiting to be sent (for status and tests). */
    public int queued() {
        synchronized (lock) {
            return commands.size();
        }
    }

    /** Fails everything still queued and refuses new commands; in-flight batches complete normally. */
    @Override
    public void close() {
        final List<CompletableFuture<CommandResult>> abandoned;
        synchronized (lock) {
            closed = true;
            abandoned = futures;
            futures = new ArrayList<>();
            commands = new ArrayList<>();
            pendingBytes = 0;
        }
        for (CompletableFuture<CommandResult> f : abandoned) {
            f.completeExceptionally(new ReplicationException(ReplicationException.Kind.NOT_READY, "node is shutting down"));
        }
    }

    private List<CompletableFuture<CommandResult>> lastTakenFutures;

    private boolean shouldSendLocked() {
        if (commands.isEmpty() || inFlight >= maxInFlight) {
            return false;
        }
        return lingerNs == 0 || lingerExpired || commands.size() >= maxCommands || pendingBytes >= maxBytes;
    }

    private void armLingerLocked() {
        lingerExpired = false;
        if (lingerNs > 0) {
            lingerTimer = timer.schedule(this::onLingerExpired, lingerNs, TimeUnit.NANOSECONDS);
        }
    }

    private void onLingerExpired() {
        CommandBatch ready = null;
        List<CompletableFuture<CommandResult>> readyFutures = null;
        synchronized (lock) {
            lingerExpired = true;
            if (shouldSendLocked()) {
                ready = takeBatchLocked();
                readyFutures = lastTakenFutures;
            }
        }
        if (ready != null) {
            send(ready, readyFutures);
        }
    }

    /** Takes up to maxCommands queued commands as one batch; leftovers start a new linger. */
    private CommandBatch takeBatchLocked() {
        final int n = Math.min(commands.size(), maxCommands);
        final CommandBatch.Builder b = CommandBatch.newBuilder();
        final List<CompletableFuture<CommandResult>> taken = new ArrayList<>(n);
        int bytes = 0;
        int i = 0;
        for (; i < n; i++) {
            final Command c = commands.get(i);
            final int size = c.getSerializedSize();
            if (i > 0 && bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            b.addCommands(c);
            taken.add(futures.get(i));
        }
        commands = new ArrayList<>(commands.subList(i, commands.size()));
        futures = new ArrayList<>(futures.subList(i, futures.size()));
        pendingBytes -= bytes;
        inFlight++;
        if (lingerTimer != null) {
            lingerTimer.cancel(false);
            lingerTimer = null;
        }
        lingerExpired = false;
        if (!commands.isEmpty()) {
            armLingerLocked();
        }
        lastTakenFutures = taken;
        return b.build();
    }

    private void send(CommandBatch batch, List<CompletableFuture<CommandResult>> batchFutures) {
        final CompletableFuture<BatchResult> replicated;
        try {
            replicated = proposer.propose(batch);
        } catch (RuntimeException e) {
            complete(batchFutures, null, e);
            return;
        }
        replicated.orTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .whenComplete((result, error) -> complete(batchFutures, result, error));
    }

    private void complete(List<CompletableFuture<CommandResult>> batchFutures, BatchResult result, Throwable error) {
        CommandBatch next = null;
        List<CompletableFuture<CommandResult>> nextFutures = null;
        final boolean idleNow;
        synchronized (lock) {
            inFlight--;
            if (!closed && shouldSendLocked()) {
                next = takeBatchLocked();
                nextFutures = lastTakenFutures;
            }
            idleNow = !closed && commands.isEmpty() && inFlight == 0;
        }
        if (error == null && result.getResultsCount() != batchFutures.size()) {
            error = new ReplicationException(ReplicationException.Kind.INTERNAL,
                    "batch of " + batchFutures.size() + " commands got " + result.getResultsCount() + " results");
        }
        if (error != null) {
            final Throwable cause = unwrap(error);
            final Throwable failure = cause instanceof TimeoutException
                    ? new ReplicationException(ReplicationException.Kind.TIMEOUT, "write not applied within " + timeoutMs + " ms", cause)
                    : cause;
            for (CompletableFuture<CommandResult> f : batchFutures) {
                f.completeExceptionally(failure);
            }
        } else {
            for (int i = 0; i < batchFutures.size(); i++) {
                batchFutures.get(i).complete(result.getResults(i));
            }
        }
        if (next != null) {
            send(next, nextFutures);
        }
        if (idleNow) {
            onIdle.run();
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
