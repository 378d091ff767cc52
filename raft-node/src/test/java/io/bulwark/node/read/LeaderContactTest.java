package io.bulwark.node.read;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeaderContactTest {

    @Test
    void shouldBeStaleBeforeAnyContact() {
        final LeaderContact c = new LeaderContact(5_000);
        assertThat(c.isFresh(1_000)).isFalse();
        assertThat(c.ageMs(1_000)).isEqualTo(-1);
    }

    @Test
    void shouldTurnStaleOnlyPastMaxStaleness() {
        final LeaderContact c = new LeaderContact(5_000);
        c.contactAt(10_000);
        assertThat(c.isFresh(15_000)).isTrue();
        assertThat(c.isFresh(15_001)).isFalse();
        assertThat(c.ageMs(12_500)).isEqualTo(2_500);
        c.lost();
        assertThat(c.isFresh(10_000)).isFalse();
    }
}
