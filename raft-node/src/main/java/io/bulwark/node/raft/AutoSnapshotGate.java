package io.bulwark.node.raft;

/**
 * Decides when an automatic snapshot may start, once Ratis' entry threshold
 * ({@code raft.snapshot.auto.threshold}) has been reached and Ratis asks after every applied batch.
 * Three conditions, checked in this order:
 *
 * <ol>
 *   <li><b>The log has grown in proportion to the state.</b> The commands applied since the latest
 *       snapshot reach {@code logPercent} percent of the rows it held. A snapshot rewrites every row,
 *       so with an entry count alone its cost per write grows with the state: at 2M rows, revokes at
 *       64 in flight (13 per entry) paid for 15 rows of snapshot writing each, on every member. With
 *       50% each command pays for at most two, and a restart replays at most half as many commands as
 *       the snapshot has rows (plus the entry threshold).</li>
 *   <li><b>This member's stagger has passed</b>: {@code staggerEntries} more entries, counted from the
 *       first call at which the first condition held, so the members of a cluster (which reach both
 *       at the same index) do not all write at once.</li>
 *   <li><b>No recent failure</b>: after a failed write, none starts for {@link #RETRY_NS} (a full disk
 *       fails every write, and Ratis asks after every batch).</li>
 * </ol>
 *
 * <p>{@link #applied} and {@link #mayStart} are called by Ratis' updater (apply) thread only;
 * {@link #snapshotTaken}, {@link #snapshotFailed} and {@link #commandsApplied} from any thread.
 */
final class AutoSnapshotGate {

    /** Pause after a failed snapshot write before the next automatic one. */
    static final long RETRY_NS = 10_000_000_000L;

    private final long staggerEntries;
    private final long logPercent;
    /** Commands applied since start; written by the updater thread only. */
    private volatile long commandsApplied;
    /** {@link #commandsApplied} when the latest snapshot was captured or loaded. */
    private volatile long commandsAtSnapshot;
    /** Rows of the latest snapshot written or loaded (0: none, so the first one waits for entries only). */
    private volatile long rowsAtSnapshot;
    /** No automatic snapshot starts before this (System.nanoTime). */
    private volatile long notBeforeNs;
    private volatile boolean failedRecently;
    /** Set by {@link #snapshotTaken} on any thread, consumed by the updater thread. */
    private volatile boolean staggerReset;
    /** Applied index at which the stagger began counting, -1 when it has not (updater thread only). */
    private long staggerStart = -1;

    /**
     * @param staggerEntries entries this member waits past the other conditions (0: none)
     * @param logPercent     commands since the latest snapshot, in percent of its rows (0: no such wait)
     */
    AutoSnapshotGate(long staggerEntries, long logPercent) {
        if (staggerEntries < 0 || logPercent < 0) {
            throw new IllegalArgumentException("snapshot stagger and log percent must not be negative");
        }
        this.staggerEntries = staggerEntries;
        this.logPercent = logPercent;
    }

    /** A batch of {@code commands} was applied (updater thread). */
    void applied(int commands) {
        commandsApplied = commandsApplied + commands; // single writer
    }

    /** Commands applied since start. */
    long commandsApplied() {
        return commandsApplied;
    }

    /**
     * A snapshot of {@code rows} rows is now the latest: written here (with the {@link #commandsApplied}
     * read when its state was captured) or loaded at start or after an install (the current count).
     * The stagger starts over.
     */
    void snapshotTaken(long commandsAtCapture, long rows) {
        commandsAtSnapshot = commandsAtCapture;
        rowsAtSnapshot = rows;
        staggerReset = true;
    }

    /** A snapshot write failed at {@code nowNs}: none starts automatically for {@link #RETRY_NS}. */
    void snapshotFailed(long nowNs) {
        notBeforeNs = nowNs + RETRY_NS;
        failedRecently = true;
    }

    /** Whether an automatic snapshot may start now, with {@code appliedIndex} applied (updater thread). */
    boolean mayStart(long appliedIndex, long nowNs) {
        if (staggerReset) {
            staggerReset = false;
            staggerStart = -1;
        }
        if ((commandsApplied - commandsAtSnapshot) * 100 < logPercent * rowsAtSnapshot) {
            return false;
        }
        if (staggerStart < 0) {
            staggerStart = appliedIndex;
        }
        if (appliedIndex - staggerStart < staggerEntries) {
            return false;
        }
        if (failedRecently && nowNs - notBeforeNs < 0) {
            return false;
        }
        failedRecently = false;
        return true;
    }
}
