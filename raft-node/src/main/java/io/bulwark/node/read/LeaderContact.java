package io.bulwark.node.read;

/**
 * When this node last had confirmed contact with a working leader, as one volatile the check path
 * reads without locking or allocating. A background ticker in the raft package writes it from the
 * Raft division's role information; readers compare it with their own clock.
 *
 * <p>Until the first contact the node counts as stale: a freshly started node that has never heard
 * from a leader must not answer LOCAL reads from a possibly ancient snapshot.
 */
public final class LeaderContact {

    /** Sentinel: no contact since start. */
    public static final long NEVER = Long.MIN_VALUE;

    private final long maxStalenessMs;
    private volatile long lastContactMs = NEVER;

    /** @param maxStalenessMs LOCAL reads stop when the last contact is older than this */
    public LeaderContact(long maxStalenessMs) {
        if (maxStalenessMs <= 0) {
            throw new IllegalArgumentException("maxStalenessMs must be > 0, was " + maxStalenessMs);
        }
        this.maxStalenessMs = maxStalenessMs;
    }

    /** Records that the leader was last heard from at {@code contactMs} (monotonic ms clock). */
    public void contactAt(long contactMs) {
        lastContactMs = contactMs;
    }

    /** Forgets any contact, e.g. on shutdown: LOCAL reads stop at once. */
    public void lost() {
        lastContactMs = NEVER;
    }

    /** Whether LOCAL reads may be served at {@code nowMs} (the same monotonic clock as {@link #contactAt}). */
    public boolean isFresh(long nowMs) {
        final long last = lastContactMs;
        return last != NEVER && nowMs - last <= maxStalenessMs;
    }

    /** Milliseconds since the last contact at {@code nowMs}, or -1 when there never was one. */
    public long ageMs(long nowMs) {
        final long last = lastContactMs;
        return last == NEVER ? -1 : Math.max(0, nowMs - last);
    }

    public long maxStalenessMs() {
        return maxStalenessMs;
    }
}
