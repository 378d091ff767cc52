package io.bulwark.state;

import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.snapshot.StateCapture;
import io.bulwark.state.validate.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static io.bulwark.state.TestCommands.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A snapshot is written while apply goes on, and holds exactly the state of the index it was
 * captured at: the rows apply creates, changes and purges meanwhile are not in it, and none is
 * missing. The writer and apply take turns at every buffer the writer flushes, so apply lands
 * in the middle of every table's scan on every run.
 */
class ConcurrentSnapshotTest {
    private static final int SESSIONS = 6_000;

    private static StateConfig config() {
        return new StateConfig(40_000, 40_000, 10_000, 10_000, 8, Duration.ofMinutes(10));
    }

    /** Creates, touches, session and token revocations, subject cut-offs and purges. */
    private static List<CommandBatch> log(long seed, int firstSession, int batches, long startMs) {
        Random rnd = new Random(seed);
        List<CommandBatch> log = new ArrayList<>();
        long now = startMs;
        int nextSession = firstSession;
        for (int b = 0; b < batches; b++) {
            CommandBatch.Builder batch = CommandBatch.newBuilder();
            for (int k = 0; k < 8; k++) {
                now += rnd.nextInt(50);
                int roll = rnd.nextInt(100);
                Command c;
                if (roll < 40 || nextSession == firstSession) {
                    int s = nextSession++;
                    c = TestCommands.create(now, "sid-" + s, "subject-" + (s % 1_500), 1_000 + rnd.nextInt(600_000));
                } else if (roll < 55) {
                    c = TestCommands.touch(now, "sid-" + rnd.nextInt(nextSession), 1 + rnd.nextInt(600_000));
                } else if (roll < 70) {
                    c = TestCommands.revokeSession(now, "sid-" + rnd.nextInt(nextSession), now + 60_000);
                } else if (roll < 93) {
                    c = TestCommands.revoke(now, RevocationKind.REVOCATION_KIND_TOKEN,
                            Hashes.tokenHash("issuer", "jti-" + rnd.nextLong()), 0, now + 1_000 + rnd.nextInt(300_000));
                } else if (roll < 98) {
                    c = TestCommands.revoke(now, RevocationKind.REVOCATION_KIND_SUBJECT,
                            Hashes.subjectHash("subject-" + rnd.nextInt(1_500)), now, now + 120_000);
                } else {
                    c = TestCommands.purge(now, now);
                }
                batch.addCommands(c);
            }
            log.add(batch.build());
        }
        return log;
    }

    private static void applyAll(BulwarkState state, long firstIndex, List<CommandBatch> batches) {
        for (int i = 0; i < batches.size(); i++) {
            state.apply(firstIndex + i, batches.get(i));
        }
    }

    /** Lets the writer go on only after the other side took its turn, at every write. */
    private static final class TurnTakingStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final Semaphore writerWaiting = new Semaphore(0);
        final Semaphore applied = new Semaphore(0);
        volatile boolean free;

        @Override
        public void write(int b) {
            turn();
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            turn();
            bytes.write(b, off, len);
        }

        private void turn() {
            if (free) {
                return;
            }
            writerWaiting.release();
            try {
                if (!applied.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("apply never took its turn");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void release() {
            free = true;
            applied.release(Integer.MAX_VALUE / 2);
        }
    }

    @Test
    @Timeout(120)
    void shouldHoldTheStateOfItsIndexWhileApplyGoesOn() throws Exception {
        List<CommandBatch> prefix = log(1, 0, SESSIONS * 2 / 8 * 2, T0);
        List<CommandBatch> suffix = log(2, 100_000, 1_500, T0 + 3_600_000);
        long snapshotIndex = prefix.size();

        try (BulwarkState live = BulwarkState.open(config());
             BulwarkState reference = BulwarkState.open(config());
             BulwarkState restored = BulwarkState.open(config())) {
            applyAll(live, 1, prefix);
            applyAll(reference, 1, prefix);
            byte[] atSnapshot = reference.digest();

            StateCapture capture = live.beginSnapshot(index -> index == snapshotIndex);
            assertThat(capture).isNotNull();
            assertThatThrownBy(() -> live.beginSnapshot(index -> true)).isInstanceOf(IllegalStateException.class);
            TurnTakingStream out = new TurnTakingStream();
            CompletableFuture<byte[]> writer = CompletableFuture.supplyAsync(() -> {
                try {
                    return capture.writeTo(out, 7);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            int next = 0;
            int turns = 0;
            while (next < suffix.size() && !writer.isDone()) {
                if (!out.writerWaiting.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int upTo = Math.min(suffix.size(), next + 25);
                applyAll(live, snapshotIndex + 1 + next, suffix.subList(next, upTo));
                next = upTo;
                turns++;
                out.applied.release();
            }
            out.release();
            writer.get(60, TimeUnit.SECONDS);
            applyAll(live, snapshotIndex + 1 + next, suffix.subList(next, suffix.size()));

            // Apply ran in the middle of the write, many times, and changed rows the writer had not read yet.
            assertThat(turns).isGreaterThan(10);
            assertThat(capture.savedKeys()).isGreaterThan(100);
            assertThat(live.digest()).isNotEqualTo(atSnapshot);

            // The snapshot is the state at its index: it loads (its own digest checked) to the reference's digest.
            assertThat(restored.loadSnapshot(new ByteArrayInputStream(out.bytes.toByteArray()))).isEqualTo(snapshotIndex);
            assertThat(restored.digest()).isEqualTo(atSnapshot);
            applyAll(restored, snapshotIndex + 1, suffix);
            assertThat(restored.digest()).isEqualTo(live.digest());

            // The next snapshot may begin now that this one is written.
            live.beginSnapshot(index -> true).close();
        }
    }

    @Test
    @Timeout(60)
    void shouldCancelTheWriteWhenAnotherSnapshotIsLoaded() throws Exception {
        List<CommandBatch> prefix = log(3, 0, 1_000, T0);
        try (BulwarkState live = BulwarkState.open(config());
             BulwarkState other = BulwarkState.open(config())) {
            applyAll(live, 1, prefix);
            applyAll(other, 1, prefix.subList(0, 10));
            ByteArrayOutputStream otherSnapshot = new ByteArrayOutputStream();
            other.writeSnapshot(otherSnapshot, 1);

            StateCapture capture = live.beginSnapshot(index -> true);
            TurnTakingStream out = new TurnTakingStream();
            CompletableFuture<byte[]> writer = CompletableFuture.supplyAsync(() -> {
                try {
                    return capture.writeTo(out, 1);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(out.writerWaiting.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
            // A snapshot installed from the leader replaces the tables under the writer's feet.
            live.loadSnapshot(new ByteArrayInputStream(otherSnapshot.toByteArray()));
            out.release();

            assertThatThrownBy(() -> writer.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(CancellationException.class);
            assertThat(capture.isClosed()).isTrue();
            assertThat(live.digest()).isEqualTo(other.digest());
        }
    }
}
