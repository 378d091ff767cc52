package io.bulwark.bench.recovery;

import com.google.protobuf.ByteString;
import io.bulwark.bench.report.Machine;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.CreateSession;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.replication.v1.Revoke;
import io.bulwark.state.BulwarkState;
import io.bulwark.state.StateConfig;
import io.bulwark.state.validate.Hashes;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The replica's state alone, in a JVM of its own with a fixed {@code -Xmx}: loads sessions and
 * token revocations straight through {@link BulwarkState#apply} (batches of 256, as a node applies
 * them) up to each step, and at each step prints one {@code STATE-POINT key=value ...} line: heap
 * used after a full GC, the tables' off-heap bytes, RSS, whether a snapshot could be written
 * within that heap (time, size, or the error), and whether it loads into a fresh replica within it
 * (time, heap after GC with both replicas open). Used by {@code bench/bin/recovery --phases state},
 * which starts it with the heap under test; it answers the question a cluster of three such nodes
 * could not answer in the time a load through gRPC takes: what do 10M rows cost a replica's heap.
 *
 * <p>Arguments: {@code STEP[,STEP...] SCRATCH_DIR}.
 */
public final class StateHeapProbe {
    private static final int BATCH = 256;

    private StateHeapProbe() {
    }

    public static void main(String[] args) throws IOException {
        List<Long> steps = new ArrayList<>();
        for (String s : args[0].split(",")) {
            steps.add(Long.parseLong(s.trim()));
        }
        Path scratch = Path.of(args[1]);
        long max = steps.stream().mapToLong(Long::longValue).max().orElseThrow();
        long nowMs = 1_800_000_000_000L;
        CommandHeader header = CommandHeader.newBuilder().setActor("scale").setProposerTimeMs(nowMs).setProposerNode("n1").build();
        point("start", 0, null);
        StateConfig config = new StateConfig(max + max / 10, max + max / 10, 100_000, 10_000, 256, Duration.ofMinutes(10));
        try (BulwarkState state = BulwarkState.open(config)) {
            point("empty", 0, state);
            long loaded = 0;
            long index = 0;
            for (long step : steps) {
                long t0 = System.nanoTime();
                while (loaded < step) {
                    int n = (int) Math.min(BATCH, step - loaded);
                    CommandBatch.Builder s = CommandBatch.newBuilder();
                    CommandBatch.Builder r = CommandBatch.newBuilder();
                    for (int i = 0; i < n; i++) {
                        long k = loaded + i;
                        s.addCommands(Command.newBuilder().setHeader(header).setCreateSession(CreateSession.newBuilder()
                                .setSessionHash(ByteString.copyFrom(Hashes.sessionHash(BulkLoader.sessionId(k))))
                                .setSubject("scale-user-" + (k % 100_000)).setTtlMs(BulkLoader.SESSION_TTL_MS)
                                .setExpiresAtMs(nowMs + BulkLoader.SESSION_TTL_MS)));
                        r.addCommands(Command.newBuilder().setHeader(header).setRevoke(Revoke.newBuilder()
                                .setKind(RevocationKind.REVOCATION_KIND_TOKEN)
                                .setKeyHash(ByteString.copyFrom(Hashes.tokenHash(BulkLoader.ISSUER, "scale-jti-" + k)))
                                .setExpiresAtMs(nowMs + Duration.ofDays(7).toMillis())));
                    }
                    state.apply(++index, s.build());
                    state.apply(++index, r.build());
                    loaded += n;
                }
                double loadS = (System.nanoTime() - t0) / 1e9;
                point("loaded", step, state, "load_s=" + fmt(loadS));
                snapshot(state, step, scratch, config);
            }
        }
    }

    /**
     * Writes a snapshot to a file, then loads it into a fresh replica of the same configuration (what
     * a restarted or new node does) and reports both: time, size, and the heap after GC while the
     * loaded copy is still open (anything the load keeps per row would show there), or the error.
     */
    private static void snapshot(BulwarkState state, long rows, Path scratch, StateConfig config) throws IOException {
        Path file = scratch.resolve("state-probe.snapshot");
        long t0 = System.nanoTime();
        String outcome;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                state.writeSnapshot(out, 1);
                out.flush();
                outcome = "snapshot=ok snapshot_ms=" + fmt((System.nanoTime() - t0) / 1e6) + " snapshot_mb=" + fmt(Files.size(file) / 1048576.0);
            } catch (OutOfMemoryError e) {
                // What a node with this heap would do while snapshotting: report it, it is the finding.
                outcome = "snapshot=OutOfMemoryError snapshot_ms=" + fmt((System.nanoTime() - t0) / 1e6);
            }
            if (outcome.startsWith("snapshot=ok")) {
                outcome += " " + load(file, state, config);
            }
        } finally {
            Files.deleteIfExists(file);
        }
        System.out.println("STATE-POINT phase=snapshot sessions=" + rows + " revocations=" + rows + " " + outcome);
    }

    private static String load(Path file, BulwarkState source, StateConfig config) throws IOException {
        long t0 = System.nanoTime();
        try (BulwarkState copy = BulwarkState.open(config);
             InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            copy.loadSnapshot(in);
            double loadMs = (System.nanoTime() - t0) / 1e6;
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            boolean same = copy.tableRows().equals(source.tableRows());
            return "snapshot_load=" + (same ? "ok" : "rows_differ") + " snapshot_load_ms=" + fmt(loadMs)
                    + " heap_used_mb_after_gc_with_loaded_copy=" + fmt(heap / 1048576.0)
                    + " rss_mb_with_loaded_copy=" + fmt(Machine.procValueKb("/proc/self/status", "VmRSS:") / 1024.0);
        } catch (OutOfMemoryError e) {
            return "snapshot_load=OutOfMemoryError snapshot_load_ms=" + fmt((System.nanoTime() - t0) / 1e6);
        }
    }

    private static void point(String phase, long rows, BulwarkState state, String... extra) {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        StringBuilder line = new StringBuilder("STATE-POINT phase=").append(phase)
                .append(" sessions=").append(rows).append(" revocations=").append(rows)
                .append(" heap_used_mb_after_gc=").append(fmt(heap / 1048576.0))
                .append(" rss_mb=").append(fmt(Machine.procValueKb("/proc/self/status", "VmRSS:") / 1024.0));
        if (state != null) {
            line.append(" off_heap_mb=").append(fmt(state.offHeapBytes() / 1048576.0));
        }
        for (String e : extra) {
            line.append(' ').append(e);
        }
        System.out.println(line);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
