package io.bulwark.state.snapshot;

import io.bulwark.state.StateConfig;
import io.bulwark.state.table.StateTables;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer streams: the heap it allocates does not grow with the rows it writes. */
class SnapshotWriterTest {

    @Test
    void shouldAllocateNoHeapPerRowWritten() throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        StateConfig config = new StateConfig(100_000, 100_000, 1_000, 1_000, 8, Duration.ofMinutes(10));
        try (StateTables small = new StateTables(config);
             StateTables large = new StateTables(config)) {
            Random rnd = new Random(3);
            for (int i = 0; i < 50_000; i++) {
                byte[] sessionKey = new byte[32];
                byte[] revocationKey = new byte[33];
                byte[] value = new byte[60];
                rnd.nextBytes(sessionKey);
                rnd.nextBytes(revocationKey);
                rnd.nextBytes(value);
                large.sessions().put(sessionKey, value);
                large.revocations().put(revocationKey, java.util.Arrays.copyOf(value, 24));
                if (i < 500) {
                    small.sessions().put(sessionKey, value);
                    small.revocations().put(revocationKey, java.util.Arrays.copyOf(value, 24));
                }
            }
            SnapshotWriter.write(small, 1, 1, OutputStream.nullOutputStream()); // warm-up
            SnapshotWriter.write(large, 1, 1, OutputStream.nullOutputStream());

            long before = threads.getCurrentThreadAllocatedBytes();
            SnapshotWriter.write(small, 1, 1, OutputStream.nullOutputStream());
            long smallBytes = threads.getCurrentThreadAllocatedBytes() - before;
            before = threads.getCurrentThreadAllocatedBytes();
            SnapshotWriter.write(large, 1, 1, OutputStream.nullOutputStream());
            long largeBytes = threads.getCurrentThreadAllocatedBytes() - before;

            // 99,000 more rows (sessions and revocations): even 8 bytes per row would add ~800 KB.
            assertThat(largeBytes - smallBytes).as("allocated for 1,000 rows %d B, for 100,000 rows %d B", smallBytes, largeBytes)
                    .isLessThan(64 * 1024);
        }
    }
}
