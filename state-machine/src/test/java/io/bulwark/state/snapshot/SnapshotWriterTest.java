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

/**
 * The writer streams: the heap it allocates does not grow with the rows it writes. It copies one
 * Chronicle segment at a time (so that apply can go on, see {@code TableCapture}), so its buffers
 * follow the rows per segment, which Chronicle keeps near constant by giving a larger table more
 * segments: here 10x the rows in 10x the capacity.
 */
class SnapshotWriterTest {

    private static void fill(StateTables tables, int rows) {
        Random rnd = new Random(3);
        for (int i = 0; i < rows; i++) {
            byte[] sessionKey = new byte[32];
            byte[] revocationKey = new byte[33];
            byte[] value = new byte[60];
            rnd.nextBytes(sessionKey);
            rnd.nextBytes(revocationKey);
            rnd.nextBytes(value);
            tables.sessions().put(sessionKey, value);
            tables.revocations().put(revocationKey, java.util.Arrays.copyOf(value, 24));
        }
    }

    private static long allocatedByWrite(StateTables tables) throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        StateCapture.begin(tables, 1).writeTo(OutputStream.nullOutputStream(), 1);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void shouldAllocateNoHeapPerRowWritten() throws IOException {
        try (StateTables small = new StateTables(new StateConfig(100_000, 100_000, 1_000, 1_000, 8, Duration.ofMinutes(10)));
             StateTables large = new StateTables(new StateConfig(1_000_000, 1_000_000, 1_000, 1_000, 8, Duration.ofMinutes(10)))) {
            fill(small, 50_000);
            fill(large, 500_000);
            allocatedByWrite(small); // warm-up
            allocatedByWrite(large);

            long smallBytes = allocatedByWrite(small);
            long largeBytes = allocatedByWrite(large);

            // 900,000 more rows (sessions and revocations): even 8 bytes per row would add ~7 MB. The copy
            // buffers grow by doubling to the largest segment, so one more doubling step may separate the two.
            assertThat(largeBytes - smallBytes).as("allocated for 100,000 rows %d B, for 1,000,000 rows %d B", smallBytes, largeBytes)
                    .isLessThan(1 << 20);
            assertThat(largeBytes).isLessThan(2 * smallBytes);
        }
    }
}
