package io.bulwark.node.read;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CaughtUpContactsTest {

    @Test
    void aContactCountsOnlyOnceItsLogIndexIsApplied() {
        final CaughtUpContacts c = new CaughtUpContacts(10);
        // Restarted member: hears from the leader at once, holds a log up to 500, has applied only 100.
        c.contact(1_000, 500);
        assertThat(c.freshAsOf(100)).isEqualTo(LeaderContact.NEVER);
        c.contact(1_100, 500);
        assertThat(c.freshAsOf(499)).isEqualTo(LeaderContact.NEVER);
        // Replay done: fresh as of the latest contact whose commit index is applied.
        assertThat(c.freshAsOf(500)).isEqualTo(1_100);
    }

    @Test
    void aSlowApplyKeepsTheLastCaughtUpContactNotTheLatestOne() {
        final CaughtUpContacts c = new CaughtUpContacts(10);
        c.contact(1_000, 10);
        assertThat(c.freshAsOf(10)).isEqualTo(1_000);
        // Apply stalls at 10 (a long snapshot write) while contacts keep arriving with more log.
        c.contact(1_100, 20);
        c.contact(1_200, 30);
        assertThat(c.freshAsOf(10)).isEqualTo(1_000);
        assertThat(c.freshAsOf(25)).isEqualTo(1_100);
        assertThat(c.freshAsOf(30)).isEqualTo(1_200);
        // With no new contact (leaderless), the answer stays the last caught-up contact and ages.
        assertThat(c.freshAsOf(30)).isEqualTo(1_200);
    }

    @Test
    void keepsAtMostCapacityContactsDroppingTheOldest() {
        final CaughtUpContacts c = new CaughtUpContacts(2);
        c.contact(1_000, 10);
        c.contact(1_100, 20);
        c.contact(1_200, 30);
        // The contact at 1_000 was dropped: applying 10 alone no longer makes the replica fresh.
        assertThat(c.freshAsOf(10)).isEqualTo(LeaderContact.NEVER);
        assertThat(c.freshAsOf(20)).isEqualTo(1_100);
    }

    @Test
    void rejectsANonPositiveCapacity() {
        assertThatThrownBy(() -> new CaughtUpContacts(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
