package io.bulwark.bench.jmh;

import io.bulwark.state.BulwarkState;
import io.bulwark.state.StateConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Snapshot write and load of a replica holding {@link #rows} rows: half sessions (with their
 * subject index), half token revocations. One operation is one whole snapshot, so the mode is
 * single-shot and the score is milliseconds per snapshot.
 * <ul>
 *   <li>{@link #write}: {@link BulwarkState#writeSnapshot} to a file through a 64 KiB buffer, as the
 *       node does (without its final fsync and rename, which depend on the disk, not on the code);</li>
 *   <li>{@link #load}: {@link BulwarkState#loadSnapshot} of that file into a second, empty-configured
 *       replica: clear, read, CRC and row-count checks, rebuild of the subject index.</li>
 * </ul>
 * Set-up checks that a loaded snapshot holds every row and the same state digest.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class SnapshotBenchmark {
    private static final int BUFFER_BYTES = 1 << 16;

    /** Rows held: half sessions, half token revocations. */
    @Param({"100000", "1000000"})
    public int rows;

    private BulwarkState source;
    private BulwarkState target;
    private Path dir;
    private Path loadFrom;
    private Path writeTo;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        long half = rows / 2;
        StateConfig config = new StateConfig(half + half / 4, half + half / 4, 10_000, 10_000, 256, Duration.ofMinutes(10));
        source = BulwarkState.open(config);
        target = BulwarkState.open(config);
        long index = 1;
        for (long i = 0; i < half; i += 1000) {
            int n = (int) Math.min(1000, half - i);
            source.apply(index++, StateRows.batch(i, n, StateRows::createSession));
            source.apply(index++, StateRows.batch(i, n, StateRows::revokeToken));
        }
        dir = Files.createTempDirectory("bulwark-snapshot-bench");
        loadFrom = dir.resolve("snapshot.load");
        writeTo = dir.resolve("snapshot.write");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(loadFrom), BUFFER_BYTES)) {
            source.writeSnapshot(out, 1);
        }
        load();
        Map<String, Long> expected = source.tableRows();
        if (!expected.equals(target.tableRows()) || !java.util.Arrays.equals(source.digest(), target.digest())) {
            throw new IllegalStateException("set-up broken: loaded " + target.tableRows() + ", wrote " + expected);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        source.close();
        target.close();
        Files.deleteIfExists(loadFrom);
        Files.deleteIfExists(writeTo);
        Files.deleteIfExists(dir);
    }

    /** @return the snapshot's size in bytes */
    @Benchmark
    public long write() throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(writeTo), BUFFER_BYTES)) {
            source.writeSnapshot(out, 1);
        }
        return Files.size(writeTo);
    }

    /** @return the loaded snapshot's applied index */
    @Benchmark
    public long load() throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(loadFrom), BUFFER_BYTES)) {
            return target.loadSnapshot(in);
        }
    }
}
