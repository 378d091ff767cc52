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
}
