package io.bulwark.node.read;

import java.util.ArrayDeque;

/**
 * Which leader contact this replica's data is actually as fresh as. Hearing from the leader is not
 * enough: a member restarted with its log on disk hears from the leader within a heartbeat but
 * applies the log tail only once a leader has committed it (after a whole-cluster restart, once the
 * new leader commits in its own term), and a member applying slowly (a long snapshot write) falls
 * behind what it has received. So every contact is recorded with the last log index held at it, and
 * the replica counts as fresh as of the latest contact whose index it has applied. Under steady writes
 * that lags the contact by about one commit round; an uncommitted tail that a new leader truncates
 * keeps the replica stale until its index is reached again or the contact ages out.
 *
 * <p>Not thread-safe: one ticker thread records and asks. Holds at most {@code capacity} contacts;
 * the oldest are dropped first (a contact older than the staleness bound cannot make a node fresh).
 */
public final class CaughtUpContacts {

    private final ArrayDeque<long[]> contacts = new ArrayDeque<>();
    private final int capacity;

    /** @param capacity most contacts kept (e.g. staleness bound / tick period + 2), at least 1 */
    public CaughtUpContacts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records that the leader was heard from at {@code contactMs}, when this replica's log ended at {@code logIndex}. */
    public void contact(long contactMs, long logIndex) {
        contacts.addLast(new long[] {contactMs, logIndex});
        while (contacts.size() > capacity) {
            contacts.removeFirst();
        }
    }

    /**
     * The latest recorded contact whose log index is at most {@code appliedIndex}, or
     * {@link LeaderContact#NEVER} when the replica has applied none of them yet.
     */
    public long freshAsOf(long appliedIndex) {
        long[] fresh = null;
        while (!contacts.isEmpty() && contacts.peekFirst()[1] <= appliedIndex) {
            fresh = contacts.removeFirst();
        }
        if (fresh == null) {
            return LeaderContact.NEVER;
        }
        // It stays the answer until a later contact's log index is applied.
        contacts.addFirst(fresh);
        return fresh[0];
    }
}
