package io.bulwark.chaos.history;

import java.util.Objects;

/**
 * One record of a history: a client invoking or completing an operation, or a nemesis event.
 *
 * <p>All times are nanoseconds on the single runner clock (one {@code System.nanoTime()} origin per
 * run), so ops from different clients and nodes can be ordered against each other. Absent numbers
 * are {@link #NONE} (-1); absent strings are null.
 *
 * @param index        position in the history, 0-based; assigned by {@link History.Builder}
 * @param process      the client (logical process) id, or {@link #NEMESIS}
 * @param type         invoke, ok, fail or info
 * @param f            what the operation does
 * @param key          the key or credential ref it concerns (never a secret: refs only), or null
 * @param value        the value written (on invoke) or read/answered (on completion), or null
 * @param node         the node that served it, or null
 * @param consistency  the read consistency asked for
 * @param token        on an invoke: the min index asked for (AT_LEAST); on a completion: the
 *                     consistency token / applied index returned; {@link #NONE} when absent
 * @param timeNanos    runner-clock time of this record
 * @param latencyNanos on a completion: time since its invoke; otherwise {@link #NONE}
 * @param version      the policy bundle version an answer reports, or null
 */
public record Op(long index, String process, OpType type, Fn f, String key, String value, String node,
                 Consistency consistency, long token, long timeNanos, long latencyNanos, String version) {

    /** The process of nemesis events. */
    public static final String NEMESIS = "nemesis";
    /** Marks an absent number (token, latency, index before it is assigned). */
    public static final long NONE = -1L;

    /** Validates the parts every record needs. */
    public Op {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(consistency, "consistency");
        if (process.isEmpty()) {
            throw new IllegalArgumentException("empty process");
        }
        if (timeNanos < 0) {
            throw new IllegalArgumentException("negative time " + timeNanos);
        }
    }

    /** A client invocation at {@code timeNanos}. */
    public static Op invoke(String process, Fn f, String key, String value, long timeNanos) {
        return new Op(NONE, process, OpType.INVOKE, f, key, value, null, Consistency.NONE, NONE, timeNanos, NONE, null);
    }

    /** The completion of {@code invoke} with {@code type} at {@code timeNanos}; latency is derived. */
    public static Op complete(Op invoke, OpType type, String value, long timeNanos) {
        if (invoke.type != OpType.INVOKE || type == OpType.INVOKE) {
            throw new IllegalArgumentException("complete needs an invoke and a completion type");
        }
        return new Op(NONE, invoke.process, type, invoke.f, invoke.key, value, invoke.node, invoke.consistency,
                NONE, timeNanos, timeNanos - invoke.timeNanos, null);
    }

    /** A nemesis event: a fault named {@code fault} starts ({@link Fn#START}) or stops ({@link Fn#STOP}). */
    public static Op nemesis(Fn startOrStop, String fault, long timeNanos) {
        if (startOrStop != Fn.START && startOrStop != Fn.STOP) {
            throw new IllegalArgumentException("nemesis f must be start or stop: " + startOrStop);
        }
        return new Op(NONE, NEMESIS, OpType.INFO, startOrStop, null, fault, null, Consistency.NONE, NONE, timeNanos,
                NONE, null);
    }

    /** True for nemesis events. */
    public boolean isNemesis() {
        return NEMESIS.equals(process);
    }

    /** A copy at another index. */
    public Op withIndex(long newIndex) {
        return new Op(newIndex, process, type, f, key, value, node, consistency, token, timeNanos, latencyNanos, version);
    }

    /** A copy served by {@code newNode}. */
    public Op withNode(String newNode) {
        return new Op(index, process, type, f, key, value, newNode, consistency, token, timeNanos, latencyNanos, version);
    }

    /** A copy asking for {@code newConsistency}. */
    public Op withConsistency(Consistency newConsistency) {
        return new Op(index, process, type, f, key, value, node, newConsistency, token, timeNanos, latencyNanos, version);
    }

    /** A copy carrying {@code newToken}. */
    public Op withToken(long newToken) {
        return new Op(index, process, type, f, key, value, node, consistency, newToken, timeNanos, latencyNanos, version);
    }

    /** A copy with another value. */
    public Op withValue(String newValue) {
        return new Op(index, process, type, f, key, newValue, node, consistency, token, timeNanos, latencyNanos, version);
    }

    /** A copy reporting bundle version {@code newVersion}. */
    public Op withVersion(String newVersion) {
        return new Op(index, process, type, f, key, value, node, consistency, token, timeNanos, latencyNanos, newVersion);
    }
}
