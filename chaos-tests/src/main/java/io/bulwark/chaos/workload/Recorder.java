package io.bulwark.chaos.workload;

import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.HistoryWriter;
import io.bulwark.chaos.history.Op;
import io.bulwark.chaos.history.OpType;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one runner clock of a run and the history being recorded. Each record is stamped and appended
 * under one lock, so times never go backwards even with many worker threads; every record is also
 * streamed to {@code history.jsonl} so a crashed run still leaves its history behind. Thread-safe.
 */
public final class Recorder implements Closeable {
    private final long originNanos = System.nanoTime();
    private final History.Builder history = History.builder();
    private final HistoryWriter stream;

    /** Records into memory and streams to {@code file} (replaced). */
    public Recorder(Path file) throws IOException {
        java.nio.file.Files.deleteIfExists(file);
        this.stream = HistoryWriter.append(file);
    }

    /** An invocation by {@code process} on {@code node}; returns it as stored (pass it to {@link #complete}). */
    public synchronized Op invoke(String process, Fn f, String key, String value, String node,
                                  Consistency consistency, long minIndex) {
        Op op = Op.invoke(process, f, key, value, now()).withNode(node).withConsistency(consistency).withToken(minIndex);
        return add(op);
    }

    /** The completion of {@code invoke}: ok, fail or info, with the answer, token and bundle version. */
    public synchronized Op complete(Op invoke, OpType type, String value, long token, String version) {
        Op op = Op.complete(invoke, type, value, now()).withToken(token).withVersion(version);
        return add(op);
    }

    /** A nemesis event (fault start or stop). Flushes the stream first: a fault may take the runner down. */
    public synchronized void nemesis(Fn startOrStop, String fault) {
        add(Op.nemesis(startOrStop, fault, now()));
        try {
            stream.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The history recorded so far. */
    public synchronized History history() {
        return history.build();
    }

    @Override
    public synchronized void close() throws IOException {
        stream.close();
    }

    private long now() {
        return System.nanoTime() - originNanos;
    }

    private Op add(Op op) {
        Op stored = history.add(op);
        stream.append(stored);
        return stored;
    }
}
