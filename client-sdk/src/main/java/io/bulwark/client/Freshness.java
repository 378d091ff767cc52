package io.bulwark.client;

import io.bulwark.api.v1.Consistency;
import io.bulwark.api.v1.ReadOptions;

/**
 * How fresh a read or check must be; immutable.
 *
 * <ul>
 *   <li>{@link #local()}: the answering node's applied state (fastest; may lag the leader by the replication
 *       lag).</li>
 *   <li>{@link #atLeast(long)}: the node waits (bounded) until it has applied the given consistency token, e.g.
 *       a {@link WriteReceipt#appliedIndex()}.</li>
 *   <li>{@link #linearizable()}: reflects every write acknowledged before the read began (one round trip to
 *       the leader).</li>
 *   <li>{@link #session()}: read-your-writes and monotonic reads for this client: {@code AT_LEAST} the highest
 *       consistency token the client has seen in any write receipt or read answer ({@code LOCAL} until it has
 *       seen one).</li>
 * </ul>
 */
public final class Freshness {
    private enum Kind { LOCAL, AT_LEAST, LINEARIZABLE, SESSION }

    private static final Freshness LOCAL = new Freshness(Kind.LOCAL, 0);
    private static final Freshness LINEARIZABLE = new Freshness(Kind.LINEARIZABLE, 0);
    private static final Freshness SESSION = new Freshness(Kind.SESSION, 0);
    // Prebuilt so the common read paths do not build a message per call.
    private static final ReadOptions LOCAL_PROTO =
        ReadOptions.newBuilder().setConsistency(Consistency.CONSISTENCY_LOCAL).build();
    private static final ReadOptions LINEARIZABLE_PROTO =
        ReadOptions.newBuilder().setConsistency(Consistency.CONSISTENCY_LINEARIZABLE).build();

    private final Kind kind;
    private final long minIndex;

    private Freshness(final Kind kind, final long minIndex) {
        this.kind = kind;
        this.minIndex = minIndex;
    }

    /** The answering node's applied state. */
    public static Freshness local() {
        return LOCAL;
    }

    /** Linearizable: reflects every write acknowledged before the read began. */
    public static Freshness linearizable() {
        return LINEARIZABLE;
    }

    /** At least as fresh as the highest consistency token this client has seen. */
    public static Freshness session() {
        return SESSION;
    }

    /**
     * At least as fresh as {@code consistencyToken} (a write's applied index or a read's meta applied index).
     *
     * @throws IllegalArgumentException if the token is negative
     */
    public static Freshness atLeast(final long consistencyToken) {
        if (consistencyToken < 0) {
            throw new IllegalArgumentException("consistency token must be >= 0, was " + consistencyToken);
        }
        return consistencyToken == 0 ? LOCAL : new Freshness(Kind.AT_LEAST, consistencyToken);
    }

    /** The minimum index of an {@code atLeast} freshness, else 0. */
    public long minIndex() {
        return minIndex;
    }

    /**
     * The wire form of this freshness, for callers building raw requests.
     *
     * @param highestSeenIndex the consistency token {@link #session()} reads at least (0: none, read LOCAL)
     */
    public ReadOptions toProto(final long highestSeenIndex) {
        switch (kind) {
            case LINEARIZABLE:
                return LINEARIZABLE_PROTO;
            case AT_LEAST:
                return atLeastProto(minIndex);
            case SESSION:
                return highestSeenIndex > 0 ? atLeastProto(highestSeenIndex) : LOCAL_PROTO;
            case LOCAL:
            default:
                return LOCAL_PROTO;
        }
    }

    private static ReadOptions atLeastProto(final long index) {
        return ReadOptions.newBuilder().setConsistency(Consistency.CONSISTENCY_AT_LEAST).setMinIndex(index).build();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Freshness && ((Freshness) o).kind == kind && ((Freshness) o).minIndex == minIndex;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Long.hashCode(minIndex);
    }

    @Override
    public String toString() {
        return kind == Kind.AT_LEAST ? "AT_LEAST(" + minIndex + ")" : kind.name();
    }
}
