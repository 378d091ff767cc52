package io.bulwark.state;

import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.replication.v1.SnapshotHeader;
import io.bulwark.replication.v1.SnapshotRecord;
import io.bulwark.replication.v1.SnapshotTrailer;
import io.bulwark.state.validate.Hashes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import static io.bulwark.state.TestCommands.T0;
import static io.bulwark.state.TestCommands.applyOne;
import static io.bulwark.state.TestCommands.create;
import static io.bulwark.state.TestCommands.revoke;
import static io.bulwark.state.TestCommands.revokeSession;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotTest {
    private static final long HOUR_MS = 3_600_000;
    private static BulwarkState source;
    private static byte[] snapshot;

    @BeforeAll
    static void fixture() throws IOException {
        source = BulwarkState.open(TestCommands.smallConfig());
        for (int i = 0; i < 40; i++) {
            applyOne(source, create(T0 + i, "req-" + i, "sid-" + i, "user-" + (i % 6) + "-ü", HOUR_MS));
        }
        applyOne(source, revokeSession(T0 + 50, "sid-3", T0 + HOUR_MS));
        applyOne(source, revoke(T0 + 51, RevocationKind.REVOCATION_KIND_TOKEN, Hashes.tokenHash("iss", "j"), 0, T0 + HOUR_MS));
        applyOne(source, revoke(T0 + 52, RevocationKind.REVOCATION_KIND_API_KEY, Hashes.apiKeyHash("k1"), 0, T0 + HOUR_MS));
        applyOne(source, revoke(T0 + 53, RevocationKind.REVOCATION_KIND_SUBJECT, Hashes.subjectHash("user-1-ü"), T0 + 20, T0 + HOUR_MS));
        source.advanceAppliedIndex(100);
        snapshot = write(source, 7);
    }

    @AfterAll
    static void closeSource() {
        source.close();
    }

    private static byte[] write(BulwarkState state, long term) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        state.writeSnapshot(out, term);
        return out.toByteArray();
    }

    @Test
    void shouldRestoreEveryTableAndRebuildSubjectIndex() throws IOException {
        try (BulwarkState restored = BulwarkState.open(TestCommands.smallConfig())) {
            long index = restored.loadSnapshot(new ByteArrayInputStream(snapshot));

            assertThat(index).isEqualTo(100);
            assertThat(restored.lastAppliedIndex()).isEqualTo(100);
            assertThat(restored.digest()).isEqualTo(source.digest());
            assertThat(restored.tableRows()).isEqualTo(source.tableRows());
            assertThat(restored.listSessions("user-2-ü", 0, T0 + 100).build())
                    .isEqualTo(source.listSessions("user-2-ü", 0, T0 + 100).build());
            assertThat(restored.getSession(Hashes.sessionHash("sid-3"), T0 + 100))
                    .isEqualTo(source.getSession(Hashes.sessionHash("sid-3"), T0 + 100));
            assertThat(restored.getRevocation(RevocationKind.REVOCATION_KIND_SUBJECT, Hashes.subjectHash("user-1-ü")).getNotBeforeMs())
                    .isEqualTo(T0 + 20);
            // Idempotency survives a restore: a retried write is still recognised.
            assertThat(applyOne(restored, create(T0 + 60, "req-5", "sid-5", "user-5-ü", HOUR_MS)).getDuplicate()).isTrue();
        }
    }

    @Test
    void shouldCarryTheSameStateThroughReplicasOfAnotherLayout() throws IOException {
        StateConfig larger = new StateConfig(50_000, 20_000, 5_000, 30_000, 8, Duration.ofMinutes(10));
        try (BulwarkState wide = BulwarkState.open(larger);
             BulwarkState back = BulwarkState.open(TestCommands.smallConfig())) {
            wide.loadSnapshot(new ByteArrayInputStream(snapshot));
            // Rows come out in the order of a differently sized Chronicle Map: the bytes may differ,
            // the state and its digest may not.
            byte[] rewritten = write(wide, 7);
            back.loadSnapshot(new ByteArrayInputStream(rewritten));

            assertThat(back.digest()).isEqualTo(wide.digest()).isEqualTo(source.digest());
            assertThat(back.tableRows()).isEqualTo(source.tableRows());
            assertThat(trailerDigest(rewritten)).isEqualTo(trailerDigest(snapshot)).isEqualTo(source.digest());
            assertThat(header(rewritten).getFormatVersion()).isEqualTo(3);
        }
        assertThat(Arrays.copyOf(snapshot, 8)).isEqualTo("BWSNAP01".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void shouldLoadAFormatVersion2SnapshotWrittenByEarlierBuilds() throws IOException {
        byte[] legacy = legacySnapshot();
        assertThat(header(legacy).getFormatVersion()).isEqualTo(2);
        try (BulwarkState restored = BulwarkState.open(TestCommands.smallConfig())) {
            long index = restored.loadSnapshot(new ByteArrayInputStream(legacy));

            assertThat(index).isEqualTo(100);
            // The same commands as fixture(): the same state, now digested the current way.
            assertThat(restored.digest()).isEqualTo(source.digest());
            assertThat(restored.tableRows()).isEqualTo(source.tableRows());
            assertThat(restored.listSessions("user-2-ü", 0, T0 + 100).build())
                    .isEqualTo(source.listSessions("user-2-ü", 0, T0 + 100).build());
        }
    }

    @Test
    void shouldRejectASnapshotWhoseStateDigestDoesNotMatchItsRows() throws IOException {
        for (byte[] file : List.of(snapshot, legacySnapshot())) {
            // The digest is the trailer's last field: its last byte is the file's last byte.
            byte[] wrongDigest = file.clone();
            wrongDigest[wrongDigest.length - 1] ^= 1;
            try (BulwarkState target = BulwarkState.open(TestCommands.smallConfig())) {
                assertThatThrownBy(() -> target.loadSnapshot(new ByteArrayInputStream(wrongDigest)))
                        .isInstanceOf(IOException.class).hasMessageContaining("state digest");
                assertThat(target.tableRows().values()).containsOnly(0L);
            }
        }
    }

    @Test
    void shouldRejectAKeyThatAppearsTwice() throws IOException {
        InputStream in = new ByteArrayInputStream(snapshot);
        in.skipNBytes(8);
        SnapshotHeader header = SnapshotHeader.parseDelimitedFrom(in);
        SnapshotRecord session = SnapshotRecord.parseDelimitedFrom(in);
        assertThat(session.getTable()).isEqualTo("sessions");
        SnapshotHeader.Builder twice = header.toBuilder();
        header.getTableRowsMap().keySet().forEach(table -> twice.putTableRows(table, 0));
        twice.putTableRows("sessions", 2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Arrays.copyOf(snapshot, 8));
        twice.build().writeDelimitedTo(out);
        session.writeDelimitedTo(out);
        session.writeDelimitedTo(out);
        CRC32C crc = new CRC32C();
        crc.update(out.toByteArray());
        SnapshotTrailer.newBuilder().setRecordCount(2).setCrc32C((int) crc.getValue()).build().writeDelimitedTo(out);

        try (BulwarkState target = BulwarkState.open(TestCommands.smallConfig())) {
            assertThatThrownBy(() -> target.loadSnapshot(new ByteArrayInputStream(out.toByteArray())))
                    .isInstanceOf(IOException.class).hasMessageContaining("appears twice");
            assertThat(target.tableRows().values()).containsOnly(0L);
        }
    }

    /**
     * A snapshot of format version 2 (every table in key order, the legacy digest), written by
     * {@code SnapshotWriter} at commit f6657b4 from the state {@link #fixture()} builds, term 7.
     */
    private static byte[] legacySnapshot() throws IOException {
        try (InputStream in = SnapshotTest.class.getResourceAsStream("snapshot-v2.bin")) {
            assertThat(in).as("test resource snapshot-v2.bin").isNotNull();
            return in.readAllBytes();
        }
    }

    private static SnapshotHeader header(byte[] file) throws IOException {
        InputStream in = new ByteArrayInputStream(file);
        in.skipNBytes(8);
        return SnapshotHeader.parseDelimitedFrom(in);
    }

    private static byte[] trailerDigest(byte[] file) {
        return Arrays.copyOfRange(file, file.length - 32, file.length);
    }

    @ParameterizedTest(name = "flipped byte at {0}% of the file")
    @ValueSource(ints = {0, 2, 5, 25, 50, 75, 90, 97, 99})
    void shouldRejectCorruptSnapshotAndLeaveStateEmpty(int percent) throws IOException {
        byte[] corrupt = snapshot.clone();
        int at = Math.min(corrupt.length - 1, corrupt.length * percent / 100);
        corrupt[at] ^= 0x5A;
        try (BulwarkState target = BulwarkState.open(TestCommands.smallConfig())) {
            applyOne(target, create(T0, "pre-existing", "zed", HOUR_MS));

            assertThatThrownBy(() -> target.loadSnapshot(new ByteArrayInputStream(corrupt))).isInstanceOf(IOException.class);

            assertThat(target.tableRows().values()).containsOnly(0L);
            assertThat(target.lastAppliedIndex()).isZero();
        }
    }

    @Test
    void shouldRejectTruncatedOrExtendedSnapshot() {
        try (BulwarkState target = BulwarkState.open(TestCommands.smallConfig())) {
            byte[] truncated = Arrays.copyOf(snapshot, snapshot.length - 3);
            byte[] extended = Arrays.copyOf(snapshot, snapshot.length + 1);

            assertThatThrownBy(() -> target.loadSnapshot(new ByteArrayInputStream(truncated))).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> target.loadSnapshot(new ByteArrayInputStream(extended)))
                    .isInstanceOf(IOException.class).hasMessageContaining("after the snapshot trailer");
            assertThatThrownBy(() -> target.loadSnapshot(new ByteArrayInputStream(new byte[0]))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void shouldRejectUnknownFormatVersion() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("BWSNAP01".getBytes(StandardCharsets.US_ASCII));
        SnapshotHeader.newBuilder().setFormatVersion(4).build().writeDelimitedTo(out);
        try (BulwarkState target = BulwarkState.open(TestCommands.smallConfig())) {
            assertThatThrownBy(() -> target.loadSnapshot(new ByteArrayInputStream(out.toByteArray())))
                    .isInstanceOf(IOException.class).hasMessageContaining("version 4");
        }
    }

    @Test
    void shouldRejectSnapshotAboveThisNodesCapacity() {
        try (BulwarkState tiny = BulwarkState.open(new StateConfig(10, 1_000, 1_000, 1_000, 8, Duration.ofMinutes(10)))) {
            assertThatThrownBy(() -> tiny.loadSnapshot(new ByteArrayInputStream(snapshot)))
                    .isInstanceOf(IOException.class).hasMessageContaining("capacity");
            assertThat(tiny.tableRows().values()).containsOnly(0L);
        }
    }
}
