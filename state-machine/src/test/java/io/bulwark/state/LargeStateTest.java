package io.bulwark.state;

import com.google.protobuf.ByteString;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.CreateSession;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.replication.v1.Revoke;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.check.CheckInput;
import io.bulwark.state.check.CheckOutcome;
import io.bulwark.state.validate.Hashes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.bulwark.state.TestCommands.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 1M sessions + 1M token revocations at the default capacities: logs heap and off-heap use and
 * how long a snapshot write (the apply pause) and a load take. The numbers are logged, not
 * asserted; the test asserts the state survives the round trip.
 */
@Tag("slow")
class LargeStateTest {
    private static final Logger LOG = LoggerFactory.getLogger(LargeStateTest.class);
    private static final int ROWS = 1_000_000;
    private static final int BATCH = 1_000;

    @Test
    @Timeout(900)
    void shouldHoldAMillionSessionsAndRevocationsAndSnapshotThem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("state.snap");
        long heapBefore = usedHeap();
        try (BulwarkState state = BulwarkState.open(StateConfig.defaults())) {
            long startNs = System.nanoTime();
            long index = 0;
            long now = T0;
            for (int base = 0; base < ROWS; base += BATCH) {
                CommandBatch.Builder batch = CommandBatch.newBuilder();
                for (int i = base; i < base + BATCH; i++) {
                    batch.addCommands(session(now, i));
                    batch.addCommands(revocation(now, i));
                }
                for (CommandResult r : state.apply(++index, batch.build()).getResultsList()) {
                    assertThat(r.getCode()).isEqualTo(ResultCode.RESULT_OK);
                }
                now += 1;
            }
            long applyMs = (System.nanoTime() - startNs) / 1_000_000;
            LOG.info("applied {} sessions + {} revocations in {} ms; heap used +{} MB, off-heap {} MB",
                    ROWS, ROWS, applyMs, (usedHeap() - heapBefore) >> 20, state.offHeapBytes() >> 20);
            assertThat(state.tableRows()).containsEntry("sessions", (long) ROWS).containsEntry("revocations", (long) ROWS);

            startNs = System.nanoTime();
            CommandResult purge = state.apply(++index, CommandBatch.newBuilder().addCommands(TestCommands.purge(now, now)).build())
                    .getResults(0);
            LOG.info("purge of {} rows with nothing expired: {} ms (runs on the apply thread every purge interval; skips the scan "
                    + "when no row can have expired)",
                    2 * ROWS, (System.nanoTime() - startNs) / 1_000_000);
            assertThat(purge.getPurgedRows()).isZero();

            CheckInput in = new CheckInput();
            CheckOutcome out = new CheckOutcome();
            in.sessionId = "session-" + 123_456;
            state.check(in, now, out);
            assertThat(out.subject).isEqualTo("user-" + (123_456 % 100_000));

            startNs = System.nanoTime();
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                state.writeSnapshot(os, 1);
            }
            long writeMs = (System.nanoTime() - startNs) / 1_000_000;
            LOG.info("snapshot of {} rows: {} MB written in {} ms (the apply pause)",
                    state.tableRows().values().stream().mapToLong(Long::longValue).sum(), Files.size(file) >> 20, writeMs);

            try (BulwarkState restored = BulwarkState.open(StateConfig.defaults());
                 InputStream is = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                startNs = System.nanoTime();
                assertThat(restored.loadSnapshot(is)).isEqualTo(index);
                LOG.info("snapshot loaded (verified, index rebuilt) in {} ms", (System.nanoTime() - startNs) / 1_000_000);
                assertThat(restored.digest()).isEqualTo(state.digest());
            }
        }
    }

    private static Command session(long now, int i) {
        return Command.newBuilder().setHeader(TestCommands.header(now, ""))
                .setCreateSession(CreateSession.newBuilder()
                        .setSessionHash(ByteString.copyFrom(Hashes.sessionHash("session-" + i)))
                        .setSubject("user-" + (i % 100_000)).setTtlMs(3_600_000).setExpiresAtMs(now + 3_600_000))
                .build();
    }

    private static Command revocation(long now, int i) {
        return Command.newBuilder().setHeader(TestCommands.header(now, ""))
                .setRevoke(Revoke.newBuilder().setKind(RevocationKind.REVOCATION_KIND_TOKEN)
                        .setKeyHash(ByteString.copyFrom(Hashes.tokenHash("https://iss", "jti-" + i)))
                        .setExpiresAtMs(now + 3_600_000))
                .build();
    }

    private static long usedHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
