package io.bulwark.state;

import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.replication.v1.SnapshotHeader;
import io.bulwark.state.validate.Hashes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

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
    void shouldWriteIdenticalBytesForIdenticalState() throws IOException {
        assertThat(write(source, 7)).isEqualTo(snapshot);
        try (BulwarkState restored = BulwarkState.open(TestCommands.smallConfig())) {
            restored.loadSnapshot(new ByteArrayInputStream(snapshot));
            assertThat(write(restored, 7)).isEqualTo(snapshot);
        }
        assertThat(Arrays.copyOf(snapshot, 8)).isEqualTo("BWSNAP01".getBytes(StandardCharsets.US_ASCII));
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
        SnapshotHeader.newBuilder().setFormatVersion(3).build().writeDelimitedTo(out);
        try (BulwarkState target = BulwarkState.open(TestCommands.smallConfig())) {
            assertThatThrownBy(() -> target.loadSnapshot(new ByteArrayInputStream(out.toByteArray())))
                    .isInstanceOf(IOException.class).hasMessageContaining("version 3");
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
