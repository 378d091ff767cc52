package io.bulwark.state.table;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A capture reads the rows as they were when it began, however the writer changes the table
 * while the capture is read: overwrites, removals, inserts, and keys removed and put back.
 */
class TableCaptureTest {
    private static final HexFormat HEX = HexFormat.of();
    private final OffHeapTable table = new OffHeapTable("t", 32, 40_000, 24, 64);

    @AfterEach
    void close() {
        table.close();
    }

    private static byte[] key(int i) {
        byte[] k = new byte[32];
        new Random(i).nextBytes(k);
        return k;
    }

    private static byte[] value(Random rnd) {
        byte[] v = new byte[1 + rnd.nextInt(64)];
        rnd.nextBytes(v);
        return v;
    }

    private Map<String, String> contents() throws IOException {
        Map<String, String> rows = new HashMap<>();
        table.scan((k, v, n) -> rows.put(HEX.formatHex(k), HEX.formatHex(v, 0, n)));
        return rows;
    }

    /** One random change: overwrite, remove, insert a new key, or put back a removed one. */
    private static void change(OffHeapTable table, Random rnd, List<Integer> live, List<Integer> removed, int[] next) {
        int roll = rnd.nextInt(4);
        if (roll == 0 && !live.isEmpty()) {
            table.put(key(live.get(rnd.nextInt(live.size()))), value(rnd));
        } else if (roll == 1 && !live.isEmpty()) {
            int k = live.remove(rnd.nextInt(live.size()));
            assertThat(table.remove(key(k))).isTrue();
            removed.add(k);
        } else if (roll == 2 && !removed.isEmpty()) {
            int k = removed.remove(rnd.nextInt(removed.size()));
            table.put(key(k), value(rnd));
            live.add(k);
        } else {
            int k = next[0]++;
            table.put(key(k), value(rnd));
            live.add(k);
        }
    }

    @Test
    void shouldReadTheRowsOfTheCaptureWhileTheWriterChangesEverySegment() throws IOException {
        Random rnd = new Random(11);
        List<Integer> live = new ArrayList<>();
        List<Integer> removed = new ArrayList<>();
        int[] next = {0};
        for (int i = 0; i < 20_000; i++) {
            change(table, rnd, live, removed, next);
        }
        Map<String, String> atCapture = contents();

        TableCapture capture = table.beginCapture();
        Map<String, String> seen = new HashMap<>();
        long[] visited = {0};
        // The visitor runs between segments' copies: change the table every few rows, everywhere.
        long scanned = capture.scan((k, v, n) -> {
            assertThat(seen.put(HEX.formatHex(k), HEX.formatHex(v, 0, n))).as("a row visited twice").isNull();
            if (++visited[0] % 7 == 0) {
                for (int i = 0; i < 3; i++) {
                    change(table, rnd, live, removed, next);
                }
            }
        });

        assertThat(scanned).isEqualTo(atCapture.size());
        assertThat(seen).isEqualTo(atCapture);
        // The writer's changes reached segments not read yet, so the capture had to keep rows.
        assertThat(capture.savedKeys()).isGreaterThan(100);
        // And none of the writer's changes were lost: the table holds exactly the live keys.
        assertThat(table.rows()).isEqualTo(live.size());
        Map<String, String> after = contents();
        assertThat(after).hasSize(live.size());
        for (int k : live) {
            assertThat(after).containsKey(HEX.formatHex(key(k)));
        }
        assertThat(after).isNotEqualTo(atCapture);
    }

    @Test
    @Timeout(60)
    void shouldReadTheRowsOfTheCaptureWithTheWriterOnAnotherThread() throws Exception {
        Random rnd = new Random(12);
        List<Integer> live = new ArrayList<>();
        List<Integer> removed = new ArrayList<>();
        int[] next = {0};
        for (int i = 0; i < 20_000; i++) {
            change(table, rnd, live, removed, next);
        }
        for (int round = 0; round < 5; round++) {
            Map<String, String> atCapture = contents();
            TableCapture capture = table.beginCapture();
            AtomicBoolean scanning = new AtomicBoolean(true);
            CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
                int changes = 0;
                while (scanning.get() && changes < 200_000) {
                    change(table, rnd, live, removed, next);
                    changes++;
                }
                return changes;
            });
            Map<String, String> seen = new HashMap<>();
            capture.scan((k, v, n) -> seen.put(HEX.formatHex(k), HEX.formatHex(v, 0, n)));
            scanning.set(false);
            int changes = writer.get(30, TimeUnit.SECONDS);

            assertThat(seen).as("round %d, %d changes during the scan", round, changes).isEqualTo(atCapture);
            assertThat(table.rows()).isEqualTo(live.size());
        }
    }

    @Test
    void shouldStopSavingAndFailTheScanOnceClosed() throws IOException {
        for (int i = 0; i < 5_000; i++) {
            table.put(key(i), new byte[]{(byte) i});
        }
        TableCapture capture = table.beginCapture();
        assertThatThrownBy(table::clear).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(table::beginCapture).isInstanceOf(IllegalStateException.class);

        long[] visited = {0};
        assertThatThrownBy(() -> capture.scan((k, v, n) -> {
            if (++visited[0] == 10) {
                capture.close();
            }
        })).isInstanceOf(CancellationException.class);
        assertThat(visited[0]).isLessThan(5_000);

        table.put(key(1), new byte[]{42});
        table.remove(key(2));
        assertThat(capture.savedKeys()).isZero();
        assertThatThrownBy(() -> capture.scan((k, v, n) -> { })).isInstanceOf(CancellationException.class);
        // Closed: the table takes a new capture and may be cleared.
        table.beginCapture().close();
        table.clear();
        assertThat(table.rows()).isZero();
    }
}
