package io.bulwark.state.snapshot;

import io.bulwark.state.BulwarkState;
import io.bulwark.state.StateConfig;
import io.bulwark.state.TestCommands;
import io.bulwark.state.table.StateTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;

import static io.bulwark.state.TestCommands.T0;
import static io.bulwark.state.TestCommands.applyOne;
import static io.bulwark.state.TestCommands.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The subject index rebuilt on load in rounds of a bounded number of sessions: a subject whose
 * sessions fall into several rounds ends with the same row as one built in a single round.
 */
class SubjectIndexRebuildTest {
    private static final long HOUR_MS = 3_600_000;

    /** 60 sessions of 7 subjects (8 or 9 each), against a bound of 9 per subject. */
    private static byte[] snapshot(BulwarkState state) throws IOException {
        for (int i = 0; i < 60; i++) {
            applyOne(state, create(T0 + i, "sid-" + i, "user-" + (i % 7), HOUR_MS));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        state.writeSnapshot(out, 1);
        return out.toByteArray();
    }

    private static StateConfig config(int maxSessionsPerSubject) {
        return new StateConfig(1_000, 1_000, 1_000, 1_000, maxSessionsPerSubject, Duration.ofMinutes(10));
    }

    @ParameterizedTest(name = "rounds of {0} sessions")
    @ValueSource(ints = {1, 3, 7, 1 << 16})
    void shouldRebuildTheSameIndexWhateverTheRoundSize(int round) throws IOException {
        try (BulwarkState source = BulwarkState.open(config(9));
             StateTables target = new StateTables(config(9))) {
            byte[] file = snapshot(source);

            // load() verifies the digest, which covers the rebuilt index; compare it here as well.
            SnapshotReader.load(target, new ByteArrayInputStream(file), round);

            assertThat(StateDigest.compute(target)).isEqualTo(source.digest());
            assertThat(target.subjectIndex().table().rows()).isEqualTo(7);
            assertThat(target.subjectIndex().count(io.bulwark.state.validate.Hashes.subjectHash("user-0"))).isEqualTo(9);
        }
    }

    @Test
    void shouldRefuseASubjectAboveThisNodesBoundEvenWhenItsSessionsSpanRounds() throws IOException {
        try (BulwarkState source = BulwarkState.open(config(9));
             StateTables target = new StateTables(config(8))) {
            byte[] file = snapshot(source);

            assertThatThrownBy(() -> SnapshotReader.load(target, new ByteArrayInputStream(file), 2))
                    .isInstanceOf(IOException.class).hasMessageContaining("above this node's bound 8");
        }
    }
}
