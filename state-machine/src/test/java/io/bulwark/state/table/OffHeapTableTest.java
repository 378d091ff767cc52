package io.bulwark.state.table;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffHeapTableTest {
    private final OffHeapTable table = new OffHeapTable("t", 32, 100, 16, 64);

    @AfterEach
    void close() {
        table.close();
    }

    private static byte[] key(int i) {
        byte[] k = new byte[32];
        new Random(i).nextBytes(k);
        return k;
    }

    @Test
    void shouldCountInsertsNotReplacements() {
        assertThat(table.put(key(1), new byte[]{1})).isTrue();
        assertThat(table.put(key(1), new byte[]{2, 2})).isFalse();
        assertThat(table.put(key(2), new byte[]{3})).isTrue();

        assertThat(table.rows()).isEqualTo(2);
        byte[] buf = new byte[64];
        assertThat(table.read(key(1), buf)).isEqualTo(2);
        assertThat(buf[1]).isEqualTo((byte) 2);
        assertThat(table.remove(key(1))).isTrue();
        assertThat(table.remove(key(1))).isFalse();
        assertThat(table.rows()).isEqualTo(1);
        assertThat(table.read(key(1), buf)).isEqualTo(-1);
    }

    @Test
    void shouldReadThroughAReusableKeyLikeThroughAnArray() {
        table.put(key(7), new byte[]{9, 8, 7});
        TableKey k = new TableKey(32);
        System.arraycopy(key(7), 0, k.bytes(), 0, 32);
        byte[] buf = new byte[64];

        assertThat(table.read(k, buf)).isEqualTo(3);
        assertThat(table.contains(k)).isTrue();
        k.bytes()[0] ^= 1;
        assertThat(table.contains(k)).isFalse();
    }

    @Test
    void shouldReportFullAtCapacityWhileChronicleStillHasRoom() {
        for (int i = 0; i < 100; i++) {
            table.put(key(i), new byte[16]);
        }

        assertThat(table.isFull()).isTrue();
        // The headroom: Chronicle itself accepts more, so a capacity check never races its limit.
        assertThat(table.put(key(1_000), new byte[16])).isTrue();
    }

    @Test
    void shouldVisitEveryRowOnceThroughReusedScratchBuffers() throws IOException {
        for (int i = 0; i < 50; i++) {
            table.put(key(i), valueOf(i));
        }
        table.remove(key(7));
        Map<String, byte[]> seen = new HashMap<>();
        Set<byte[]> keyBuffers = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<byte[]> valueBuffers = Collections.newSetFromMap(new IdentityHashMap<>());

        long visited = table.scan((key, value, length) -> {
            keyBuffers.add(key);
            valueBuffers.add(value);
            assertThat(seen.put(HexFormat.of().formatHex(key), Arrays.copyOf(value, length))).as("visited twice").isNull();
        });

        assertThat(visited).isEqualTo(49);
        assertThat(seen).hasSize(49).doesNotContainKey(HexFormat.of().formatHex(key(7)));
        for (int i = 0; i < 50; i++) {
            if (i != 7) {
                assertThat(seen.get(HexFormat.of().formatHex(key(i)))).isEqualTo(valueOf(i));
            }
        }
        // One key and one value buffer for the whole scan: nothing allocated per row.
        assertThat(keyBuffers).hasSize(1);
        assertThat(valueBuffers).hasSize(1);
    }

    @Test
    void shouldPassAVisitorsIOExceptionThroughTheScan() {
        table.put(key(1), valueOf(1));
        IOException thrown = new IOException("disk full");

        assertThatThrownBy(() -> table.scan((key, value, length) -> {
            throw thrown;
        })).isSameAs(thrown);
    }

    /** Values of different lengths, so a wrong length shows. */
    private static byte[] valueOf(int i) {
        byte[] v = new byte[1 + i % 17];
        Arrays.fill(v, (byte) i);
        return v;
    }

    @Test
    void shouldRefuseWrongKeyLengthAndOversizedValues() {
        assertThatThrownBy(() -> table.put(new byte[31], new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.put(key(1), new byte[65])).isInstanceOf(IllegalArgumentException.class);
        assertThat(table.rows()).isZero();
    }

    // ------------------------------------------------------------------ expiry floor and purge

    /** A row whose first 8 bytes are its expiry; the reader counts how often a row was looked at. */
    private static byte[] expiring(long expiresAtMs) {
        return java.nio.ByteBuffer.allocate(16).putLong(expiresAtMs).array();
    }

    private final java.util.concurrent.atomic.AtomicInteger expiryReads = new java.util.concurrent.atomic.AtomicInteger();

    private OffHeapTable expiringTable() {
        return new OffHeapTable("e", 32, 100, 16, 64, (value, length) -> {
            expiryReads.incrementAndGet();
            return java.nio.ByteBuffer.wrap(value, 0, length).getLong();
        });
    }

    @Test
    void shouldPurgeExactlyTheExpiredRowsAndSkipTheScanWhileNothingCanExpire() throws IOException {
        try (OffHeapTable t = expiringTable()) {
            for (int i = 1; i <= 10; i++) {
                t.put(key(i), expiring(i * 100L));
            }
            assertThat(t.expiryFloor()).isEqualTo(100);
            java.util.List<byte[]> seen = new java.util.ArrayList<>();
            assertThat(t.purgeExpired(300, (k, v, len) -> seen.add(k.clone()))).isEqualTo(3);
            assertThat(seen).extracting(HexFormat.of()::formatHex).containsExactlyInAnyOrder(
                    HexFormat.of().formatHex(key(1)), HexFormat.of().formatHex(key(2)), HexFormat.of().formatHex(key(3)));
            assertThat(t.rows()).isEqualTo(7);
            assertThat(t.expiryFloor()).as("exact after a purge: the earliest survivor").isEqualTo(400);

            expiryReads.set(0);
            assertThat(t.purgeExpired(399, (k, v, len) -> { })).isZero();
            assertThat(expiryReads.get()).as("no row can qualify: nothing scanned").isZero();

            // A new row that expires earlier than everything else lowers the floor: the next purge finds it.
            t.put(key(50), expiring(150));
            assertThat(t.purgeExpired(399, (k, v, len) -> { })).isEqualTo(1);
            assertThat(t.read(key(50), new byte[64])).isEqualTo(-1);
            // So does replacing a row's value with an earlier expiry.
            t.put(key(10), expiring(120));
            assertThat(t.expiryFloor()).isEqualTo(120);
            assertThat(t.purgeExpired(130, (k, v, len) -> { })).isEqualTo(1);
            t.clear();
            assertThat(t.expiryFloor()).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void shouldPurgeTheSameRowsWhateverTheFloorOfEachReplica() throws IOException {
        // Replica a applied a short-lived row that was later removed (its floor stayed low); replica b
        // loaded the same rows fresh. Same rows, different floors: every purge must agree.
        try (OffHeapTable a = expiringTable(); OffHeapTable b = expiringTable()) {
            a.put(key(99), expiring(5));
            a.remove(key(99));
            Random r = new Random(7);
            for (int i = 1; i <= 40; i++) {
                byte[] row = expiring(1_000 + r.nextInt(5_000));
                a.put(key(i), row);
                b.put(key(i), row);
            }
            assertThat(a.expiryFloor()).isLessThan(b.expiryFloor());
            for (long upTo = 0; upTo <= 7_000; upTo += 250) {
                Set<String> fromA = new java.util.HashSet<>();
                Set<String> fromB = new java.util.HashSet<>();
                assertThat(a.purgeExpired(upTo, (k, v, len) -> fromA.add(HexFormat.of().formatHex(k))))
                        .isEqualTo(b.purgeExpired(upTo, (k, v, len) -> fromB.add(HexFormat.of().formatHex(k))));
                assertThat(fromA).as("purge up to %d", upTo).isEqualTo(fromB);
                assertThat(a.rows()).isEqualTo(b.rows());
            }
            assertThat(a.rows()).isZero();
        }
    }

    @Test
    void shouldRefuseExpiryQueriesOnATableWithoutAnExpiryReader() {
        assertThatThrownBy(table::expiryFloor).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> table.purgeExpired(1, (k, v, len) -> { })).isInstanceOf(IllegalStateException.class);
    }
}
