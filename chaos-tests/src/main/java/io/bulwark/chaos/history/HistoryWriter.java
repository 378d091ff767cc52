package io.bulwark.chaos.history;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends ops to a JSON-lines file, one object per line (format in docs/TESTING.md). Thread-safe:
 * workers may share one writer. Call {@link #flush()} at points a crash of the runner must not lose
 * (e.g. before starting a nemesis), and {@link #close()} at the end.
 */
public final class HistoryWriter implements Closeable {
    private final BufferedWriter out;

    private HistoryWriter(BufferedWriter out) {
        this.out = out;
    }

    /** Opens {@code file} for appending, creating it and its directory if needed. */
    public static HistoryWriter append(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return new HistoryWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE));
    }

    /** Writes a whole history to {@code file}, replacing it. */
    public static void write(Path file, History history) throws IOException {
        Files.deleteIfExists(file);
        try (HistoryWriter w = append(file)) {
            for (Op op : history.ops()) {
                w.append(op);
            }
        }
    }

    /** Appends one op as one line. */
    public synchronized void append(Op op) {
        try {
            out.write(HistoryCodec.encode(op));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pushes buffered lines to the file. */
    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
