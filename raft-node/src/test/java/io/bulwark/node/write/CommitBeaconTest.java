package io.bulwark.node.write;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class CommitBeaconTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicBoolean idle = new AtomicBoolean(true);
    private final AtomicBoolean leader = new AtomicBoolean(true);
    private final AtomicInteger rounds = new AtomicInteger();
    private final CommitBeacon beacon = new CommitBeacon(timer, 5, idle::get, leader::get, () -> {
        rounds.incrementAndGet();
        return CompletableFuture.failedFuture(new IllegalStateException("a failed round is tolerated"));
    });

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** Waits for everything scheduled so far on the single timer thread to have run. */
    private void drainTimer() throws Exception {
        timer.schedule(() -> { }, 20, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
    }

    @Test
    void sendsOneRoundPerIdleSpellOnTheLeader() throws Exception {
        beacon.run();
        beacon.run();
        beacon.run();
        drainTimer();
        assertThat(rounds.get()).as("armed once while pending").isEqualTo(1);
        beacon.run();
        drainTimer();
        assertThat(rounds.get()).isEqualTo(2);
        assertThat(beacon.sent()).isEqualTo(2);
    }

    @Test
    void sendsNothingWhenWritesResumedOrThisNodeDoesNotLead() throws Exception {
        beacon.run();
        idle.set(false); // a write arrived within the delay: its entry carries the commit index
        drainTimer();
        leader.set(false);
        idle.set(true);
        beacon.run();
        drainTimer();
        assertThat(rounds.get()).isZero();
    }
}
