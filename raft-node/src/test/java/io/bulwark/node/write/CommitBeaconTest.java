package io.bulwark.node.write;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

class CommitBeaconTest {

    private static final long CAP_MS = 40;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicBoolean leader = new AtomicBoolean(true);
    private final AtomicInteger rounds = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** Every wait the beacon started, in order; the test completes them. */
    private final List<CompletableFuture<Void>> waits = new CopyOnWriteArrayList<>();
    private Supplier<CompletableFuture<?>> allHold = () -> {
        final CompletableFuture<Void> f = new CompletableFuture<>();
        waits.add(f);
        return f;
    };
    private final CommitBeacon beacon = new CommitBeacon(timer, CAP_MS, leader::get, () -> allHold.get(), () -> {
        rounds.incrementAndGet();
        return CompletableFuture.failedFuture(new IllegalStateException("a failed round is tolerated"));
    }, nanos::get);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** Waits for everything submitted to the single timer thread so far (not the cap) to have run. */
    private void drain() throws Exception {
        timer.submit(() -> { }).get(5, TimeUnit.SECONDS);
        timer.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void theRoundWaitsUntilEveryMemberHoldsTheCommittedEntries() throws Exception {
        beacon.run();
        drain();
        assertThat(waits).hasSize(1);
        assertThat(rounds.get()).as("no round while the slower follower has not flushed the entry").isZero();
        waits.get(0).complete(null);
        drain();
        assertThat(rounds.get()).isEqualTo(1);
        assertThat(beacon.sent()).isEqualTo(1);
        assertThat(beacon.timedOut()).isZero();
    }

    @Test
    void requestsWhileWaitingGetOneMoreRoundForTheLaterEntries() throws Exception {
        beacon.run();
        drain();
        beacon.run();
        beacon.run();
        drain();
        assertThat(waits).as("one wait pending at a time").hasSize(1);
        waits.get(0).complete(null);
        drain();
        assertThat(rounds.get()).isEqualTo(1);
        assertThat(waits).as("a second wait, for what was committed since").hasSize(2);
        waits.get(1).complete(null);
        drain();
        assertThat(rounds.get()).isEqualTo(2);
        assertThat(waits).as("nothing more was asked for").hasSize(2);
    }

    @Test
    void aFollowerThatNeverCatchesUpCostsTheOthersTheCapThenNoWaitForASecond() throws Exception {
        beacon.run();
        drain();
        assertThat(rounds.get()).isZero();
        Thread.sleep(CAP_MS * 3);
        drain();
        assertThat(rounds.get()).as("sent at the cap").isEqualTo(1);
        assertThat(beacon.timedOut()).isEqualTo(1);
        waits.get(0).complete(null); // too late: no second round for it
        drain();
        assertThat(rounds.get()).isEqualTo(1);

        beacon.run();
        drain();
        assertThat(rounds.get()).as("within a second of the timeout: at once").isEqualTo(2);
        assertThat(waits).hasSize(1);

        nanos.addAndGet(CommitBeacon.NO_WAIT_AFTER_TIMEOUT_NS + 1);
        beacon.run();
        drain();
        assertThat(waits).as("waits again after the second").hasSize(2);
        assertThat(rounds.get()).isEqualTo(2);
    }

    @Test
    void aFailedWaitSendsTheRoundAtOnce() throws Exception {
        allHold = () -> CompletableFuture.failedFuture(new IllegalStateException("watch refused"));
        beacon.run();
        drain();
        assertThat(rounds.get()).isEqualTo(1);
        allHold = () -> { throw new IllegalStateException("not leading any more"); };
        beacon.run();
        drain();
        assertThat(rounds.get()).isEqualTo(2);
    }

    @Test
    void sendsNothingWhenThisNodeDoesNotLead() throws Exception {
        leader.set(false);
        beacon.run();
        drain();
        assertThat(waits).isEmpty();
        assertThat(rounds.get()).isZero();
        leader.set(true);
        beacon.run();
        drain();
        leader.set(false); // lost leadership while waiting
        waits.get(0).complete(null);
        drain();
        assertThat(rounds.get()).isZero();
    }
}
