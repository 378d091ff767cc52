package io.bulwark.state;

import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.state.check.CheckInput;
import io.bulwark.state.check.CheckOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.bulwark.state.TestCommands.T0;
import static io.bulwark.state.TestCommands.create;
import static io.bulwark.state.TestCommands.revokeSession;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks run beside apply: they never fail, and once {@code lastAppliedIndex} has reached the
 * index of a revocation, no check admits the revoked session (the AT_LEAST(token) guarantee).
 */
class ConcurrentReadTest {
    private static final int SESSIONS = 2_000;

    @Test
    @Timeout(60)
    void shouldNeverAdmitARevokedSessionOnceItsIndexIsApplied() throws Exception {
        StateConfig config = new StateConfig(SESSIONS, SESSIONS, 10, 10, 8, java.time.Duration.ofMinutes(1));
        long[] revokedAt = new long[SESSIONS];
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try (BulwarkState state = BulwarkState.open(config)) {
            Future<Long> checks = readers.submit(() -> {
                CheckInput in = new CheckInput();
                CheckOutcome out = new CheckOutcome();
                long performed = 0;
                for (int round = 0; !done.get() && round < 1_000_000; round++) {
                    int i = round % SESSIONS;
                    long revokeIndex = revokedAt[i]; // written before the index is published
                    long applied = state.lastAppliedIndex();
                    in.reset().sessionId = "s" + i;
                    state.check(in, T0 + 1, out);
                    performed++;
                    if (revokeIndex > 0 && applied >= revokeIndex) {
                        assertThat(out.decision).as("session %d after index %d", i, applied).isEqualTo(Decision.DECISION_DENY);
                        assertThat(out.reasons[0]).isEqualTo(ReasonCode.REASON_SESSION_REVOKED);
                    }
                }
                return performed;
            });
            long index = 0;
            for (int i = 0; i < SESSIONS; i++) {
                state.apply(++index, CommandBatch.newBuilder().addCommands(create(T0, "s" + i, "user" + (i % 100), 60_000)).build());
            }
            for (int i = 0; i < SESSIONS; i++) {
                revokedAt[i] = ++index;
                state.apply(index, CommandBatch.newBuilder().addCommands(revokeSession(T0 + 1, "s" + i, T0 + 60_000)).build());
            }
            done.set(true);

            assertThat(checks.get(30, TimeUnit.SECONDS)).isPositive();
        } finally {
            done.set(true);
            readers.shutdownNow();
            assertThat(readers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
