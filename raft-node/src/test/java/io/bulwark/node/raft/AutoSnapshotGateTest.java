package io.bulwark.node.raft;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutoSnapshotGateTest {

    private static final long NOW = 1_000_000_000L;

    @Test
    void firstSnapshotWaitsForNothingButTheEntryThreshold() {
        final AutoSnapshotGate gate = new AutoSnapshotGate(0, 50);
        assertThat(gate.mayStart(10_000, NOW)).isTrue();
    }

    @Test
    void waitsUntilTheLogSinceTheLatestSnapshotReachesItsShareOfTheRows() {
        final AutoSnapshotGate gate = new AutoSnapshotGate(0, 50);
        gate.applied(400_000);
        gate.snapshotTaken(gate.commandsApplied(), 2_000_000); // half of 2M rows: 1M commands
        gate.applied(999_999);
        assertThat(gate.mayStart(100_000, NOW)).isFalse();
        gate.applied(1);
        assertThat(gate.mayStart(100_001, NOW)).isTrue();
    }

    @Test
    void countsFromTheCaptureNotFromTheEndOfTheWrite() {
        final AutoSnapshotGate gate = new AutoSnapshotGate(0, 100);
        gate.applied(500);
        final long atCapture = gate.commandsApplied();
        gate.applied(600); // applied while the snapshot was being written
        gate.snapshotTaken(atCapture, 1_000);
        assertThat(gate.mayStart(50, NOW)).isFalse();
        gate.applied(400);
        assertThat(gate.mayStart(60, NOW)).isTrue();
    }

    @Test
    void zeroPercentLeavesTheEntryThresholdAlone() {
        final AutoSnapshotGate gate = new AutoSnapshotGate(0, 0);
        gate.snapshotTaken(0, 5_000_000);
        assertThat(gate.mayStart(10_000, NOW)).isTrue();
    }

    @Test
    void staggerCountsEntriesFromWhenTheLogConditionFirstHeld() {
        final AutoSnapshotGate gate = new AutoSnapshotGate(3_000, 50);
        gate.snapshotTaken(0, 1_000);
        assertThat(gate.mayStart(10_000, NOW)).isFalse(); // log condition not met: stagger not begun
        gate.applied(500);
        assertThat(gate.mayStart(12_000, NOW)).isFalse(); // stagger begins at 12,000
        assertThat(gate.mayStart(14_999, NOW)).isFalse();
        assertThat(gate.mayStart(15_000, NOW)).isTrue();
    }

    @Test
    void staggerStartsOverAfterEachSnapshot() {
        final AutoSnapshotGate gate = new AutoSnapshotGate(100, 0);
        assertThat(gate.mayStart(1_000, NOW)).isFalse();
        assertThat(gate.mayStart(1_100, NOW)).isTrue();
        gate.snapshotTaken(gate.commandsApplied(), 10);
        assertThat(gate.mayStart(2_000, NOW)).isFalse();
        assertThat(gate.mayStart(2_099, NOW)).isFalse();
        assertThat(gate.mayStart(2_100, NOW)).isTrue();
    }

    @Test
    void holdsOffForTenSecondsAfterAFailedWrite() {
        final AutoSnapshotGate gate = new AutoSnapshotGate(0, 50);
        gate.snapshotFailed(NOW);
        assertThat(gate.mayStart(10_000, NOW + AutoSnapshotGate.RETRY_NS - 1)).isFalse();
        assertThat(gate.mayStart(10_001, NOW + AutoSnapshotGate.RETRY_NS)).isTrue();
    }

    @Test
    void refusesNegativeSettings() {
        assertThatThrownBy(() -> new AutoSnapshotGate(-1, 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AutoSnapshotGate(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
