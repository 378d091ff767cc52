package io.bulwark.state.snapshot;

import io.bulwark.state.StateConfig;
import io.bulwark.state.table.OffHeapTable;
import io.bulwark.state.table.StateTables;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order-independent digest: what makes it equal and what makes it differ. Rows are put into
 * the tables directly (the digest hashes bytes; it does not validate records).
 */
class StateDigestTest {
    private static final int ROWS = 300;

    private static StateConfig config(long capacity) {
        return new StateConfig(capacity, capacity, capacity, capacity, 8, Duration.ofMinutes(10));
    }

    private static byte[] key(Random rnd, int length) {
        byte[] k = new byte[length];
        rnd.nextBytes(k);
        return k;
    }

    /** {table, key, value} rows for sessions, revocations and subjects, fixed by the seed. */
    private static List<Object[]> rows() {
        Random rnd = new Random(5);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(new Object[]{StateTables.SESSIONS, key(rnd, 32), key(rnd, 24 + rnd.nextInt(40))});
            rows.add(new Object[]{StateTables.REVOCATIONS, key(rnd, 33), key(rnd, 24)});
            rows.add(new Object[]{StateTables.SUBJECTS, key(rnd, 32), key(rnd, 32)});
        }
        return rows;
    }

    private static byte[] digestOf(StateTables tables, List<Object[]> rows) {
        for (Object[] r : rows) {
            tables.replicated((String) r[0]).put((byte[]) r[1], (byte[]) r[2]);
        }
        return StateDigest.compute(tables);
    }

    @Test
    void shouldNotDependOnInsertionOrderOrCapacity() {
        List<Object[]> rows = rows();
        List<Object[]> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(11));
        try (StateTables a = new StateTables(config(1_000));
             StateTables b = new StateTables(config(50_000))) {
            byte[] inOrder = digestOf(a, rows);
            // Rows inserted, replaced and removed on the way to the same state.
            OffHeapTable sessions = b.sessions();
            sessions.put((byte[]) rows.get(0)[1], new byte[24]);
            sessions.put(new byte[32], new byte[25]);
            byte[] other = digestOf(b, shuffled);
            sessions.remove(new byte[32]);

            assertThat(StateDigest.compute(b)).isEqualTo(inOrder);
            assertThat(other).isNotEqualTo(inOrder);
        }
    }

    @Test
    void shouldChangeWithAValueARowsTableOrADroppedRow() {
        List<Object[]> rows = rows();
        try (StateTables base = new StateTables(config(1_000));
             StateTables changedValue = new StateTables(config(1_000));
             StateTables moved = new StateTables(config(1_000));
             StateTables dropped = new StateTables(config(1_000));
             StateTables longer = new StateTables(config(1_000))) {
            byte[] expected = digestOf(base, rows);
            Object[] subjectRow = rows.get(2);

            digestOf(changedValue, rows);
            byte[] value = ((byte[]) subjectRow[2]).clone();
            value[value.length - 1] ^= 1;
            changedValue.subjects().put((byte[]) subjectRow[1], value);

            digestOf(moved, rows);
            moved.subjects().remove((byte[]) subjectRow[1]);
            // A requests row is 24 bytes: the same key with the subject row's first 24 bytes.
            moved.requests().put((byte[]) subjectRow[1], java.util.Arrays.copyOf((byte[]) subjectRow[2], 24));

            digestOf(dropped, rows);
            dropped.subjects().remove((byte[]) subjectRow[1]);

            digestOf(longer, rows);
            // Session rows vary in length: the same bytes plus one zero byte.
            Object[] sessionRow = rows.get(0);
            byte[] padded = java.util.Arrays.copyOf((byte[]) sessionRow[2], ((byte[]) sessionRow[2]).length + 1);
            longer.sessions().put((byte[]) sessionRow[1], padded);

            assertThat(List.of(StateDigest.compute(changedValue), StateDigest.compute(moved), StateDigest.compute(dropped),
                    StateDigest.compute(longer)))
                    .allSatisfy(d -> assertThat(d).isNotEqualTo(expected))
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldDifferFromTheEmptyStateAndCountEmptyTables() {
        try (StateTables empty = new StateTables(config(1_000));
             StateTables one = new StateTables(config(1_000))) {
            one.requests().put(new byte[32], new byte[24]);

            assertThat(StateDigest.compute(one)).isNotEqualTo(StateDigest.compute(empty)).hasSize(32);
        }
    }

    @Test
    void shouldAllocateNoHeapPerRow() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (StateTables small = new StateTables(config(100_000));
             StateTables large = new StateTables(config(100_000))) {
            Random rnd = new Random(3);
            for (int i = 0; i < 50_000; i++) {
                byte[] k = key(rnd, 32);
                byte[] v = key(rnd, 40);
                large.sessions().put(k, v);
                if (i < 500) {
                    small.sessions().put(k, v);
                }
            }
            StateDigest.compute(small); // warm-up
            StateDigest.compute(large);

            long before = threads.getCurrentThreadAllocatedBytes();
            StateDigest.compute(small);
            long smallBytes = threads.getCurrentThreadAllocatedBytes() - before;
            before = threads.getCurrentThreadAllocatedBytes();
            StateDigest.compute(large);
            long largeBytes = threads.getCurrentThreadAllocatedBytes() - before;

            // 49,500 more rows: even 8 bytes per row would add ~400 KB.
            assertThat(largeBytes - smallBytes).as("allocated for 500 rows %d B, for 50,000 rows %d B", smallBytes, largeBytes)
                    .isLessThan(64 * 1024);
        }
    }
}
