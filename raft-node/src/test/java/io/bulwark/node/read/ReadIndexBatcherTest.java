package io.bulwark.node.read;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadIndexBatcherTest {
    /** Rounds started, completed by the test. */
    private final List<CompletableFuture<Long>> rounds = new ArrayList<>();
    private final ReadIndexBatcher batcher = new ReadIndexBatcher(() -> {
        CompletableFuture<Long> r = new CompletableFuture<>();
        rounds.add(r);
        return r;
    });

    @Test
    void shouldServeEveryReadThatArrivedDuringARoundWithOneNextRound() {
        CompletableFuture<Long> first = batcher.readIndex();
        List<CompletableFuture<Long>> during = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            during.add(batcher.readIndex());
        }
        assertThat(rounds).hasSize(1);

        rounds.get(0).complete(10L);
        assertThat(first).isCompletedWithValue(10L);
        // They arrived after round 1 began: its index may miss a write acknowledged before them.
        assertThat(during).noneMatch(CompletableFuture::isDone);
        assertThat(rounds).hasSize(2);

        rounds.get(1).complete(12L);
        assertThat(during).allMatch(f -> f.getNow(-1L) == 12L);
        // Nothing waiting: no round runs, and the next read starts one at once.
        assertThat(rounds).hasSize(2);
        CompletableFuture<Long> later = batcher.readIndex();
        assertThat(rounds).hasSize(3);
        rounds.get(2).complete(13L);
        assertThat(later).isCompletedWithValue(13L);
    }

    @Test
    void shouldFailOnlyTheReadsOfAFailedRound() {
        CompletableFuture<Long> first = batcher.readIndex();
        CompletableFuture<Long> second = batcher.readIndex();
        rounds.get(0).completeExceptionally(new IllegalStateException("no leader"));
        assertThatThrownBy(first::join).isInstanceOf(CompletionException.class).hasMessageContaining("no leader");
        assertThat(second).isNotDone();
        rounds.get(1).complete(5L);
        assertThat(second).isCompletedWithValue(5L);
    }

    @Test
    void shouldLetOneReaderTimeOutWithoutFailingTheOthers() throws Exception {
        batcher.readIndex();
        CompletableFuture<Long> impatient = batcher.readIndex().orTimeout(1, TimeUnit.MILLISECONDS);
        CompletableFuture<Long> patient = batcher.readIndex();
        assertThatThrownBy(() -> impatient.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(java.util.concurrent.TimeoutException.class);
        rounds.get(0).complete(1L);
        rounds.get(1).complete(2L);
        assertThat(patient).isCompletedWithValue(2L);
    }

    @Test
    void shouldFailTheReadsWhenARoundCannotStart() {
        ReadIndexBatcher broken = new ReadIndexBatcher(() -> {
            throw new IllegalStateException("client closed");
        });
        assertThatThrownBy(() -> broken.readIndex().join()).hasMessageContaining("client closed");
        // And it is not left "in flight": the next read tries again.
        assertThatThrownBy(() -> broken.readIndex().join()).hasMessageContaining("client closed");
    }
}
