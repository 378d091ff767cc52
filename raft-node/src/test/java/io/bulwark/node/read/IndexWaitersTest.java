package io.bulwark.node.read;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndexWaitersTest {

    private final AtomicLong applied = new AtomicLong(5);
    private final IndexWaiters waiters = new IndexWaiters(applied::get);

    @Test
    void shouldCompleteAtOnceWhenTheIndexIsApplied() {
        assertThat(waiters.await(5, 1000)).isDone();
        assertThat(waiters.waitingIndexes()).isZero();
    }

    @Test
    void shouldCompleteWaitersUpToTheAppliedIndexOnly() throws Exception {
        final CompletableFuture<Void> seven = waiters.await(7, 10_000);
        final CompletableFuture<Void> nine = waiters.await(9, 10_000);
        applied.set(8);
        waiters.onApplied(8);
        seven.get(5, TimeUnit.SECONDS);
        assertThat(nine).isNotDone();
        applied.set(9);
        waiters.onApplied(9);
        nine.get(5, TimeUnit.SECONDS);
        assertThat(waiters.waitingIndexes()).isZero();
    }

    @Test
    void shouldTimeOutOneWaiterWithoutFailingAnotherOnTheSameIndex() throws Exception {
        final CompletableFuture<Void> impatient = waiters.await(7, 20);
        final CompletableFuture<Void> patient = waiters.await(7, 10_000);
        assertThatThrownBy(() -> impatient.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(patient).isNotDone();
        applied.set(7);
        waiters.onApplied(7);
        patient.get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldForgetAnIndexNobodyWaitsForAnyMore() throws Exception {
        final CompletableFuture<Void> f = waiters.await(1_000_000, 10);
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (waiters.waitingIndexes() != 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(waiters.waitingIndexes()).isZero();
    }

    @Test
    void shouldNeverStrandAWaiterRacingTheApplyThread() throws Exception {
        final AtomicLong index = new AtomicLong();
        final IndexWaiters racing = new IndexWaiters(index::get);
        final int last = 20_000;
        final Thread apply = new Thread(() -> {
            for (int i = 1; i <= last; i++) {
                index.set(i);
                racing.onApplied(i);
            }
        });
        final java.util.List<CompletableFuture<Void>> waits = new java.util.ArrayList<>();
        apply.start();
        for (int i = 1; i <= last; i += 7) {
            waits.add(racing.await(i, 30_000));
        }
        apply.join(10_000);
        for (CompletableFuture<Void> w : waits) {
            w.get(5, TimeUnit.SECONDS);
        }
        assertThat(racing.waitingIndexes()).isZero();
    }
}
