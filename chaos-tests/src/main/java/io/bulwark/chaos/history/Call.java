package io.bulwark.chaos.history;

/**
 * An invocation paired with its completion. A call whose completion is missing (the run ended
 * first) or of type info is indeterminate: it may have taken effect at any time after it began.
 *
 * @param invoke     the invoke record
 * @param completion the ok/fail/info record, or null when none was recorded
 */
public record Call(Op invoke, Op completion) {

    /** Checks that the two records belong together. */
    public Call {
        if (invoke.type() != OpType.INVOKE) {
            throw new IllegalArgumentException("not an invoke: " + invoke);
        }
        if (completion != null && (!completion.process().equals(invoke.process()) || completion.f() != invoke.f()
                || completion.timeNanos() < invoke.timeNanos())) {
            throw new IllegalArgumentException("completion " + completion + " does not match " + invoke);
        }
    }

    /** ok, fail, or info (also when no completion was recorded). */
    public OpType outcome() {
        return completion == null ? OpType.INFO : completion.type();
    }

    /** True when the call certainly took effect. */
    public boolean isOk() {
        return outcome() == OpType.OK;
    }

    /** True when it may or may not have taken effect. */
    public boolean isIndeterminate() {
        return outcome() == OpType.INFO;
    }

    /** What the call does. */
    public Fn f() {
        return invoke.f();
    }

    /** The key or credential ref. */
    public String key() {
        return invoke.key();
    }

    /** The client process. */
    public String process() {
        return invoke.process();
    }

    /** When it began. */
    public long startNanos() {
        return invoke.timeNanos();
    }

    /** When it completed; {@link Long#MAX_VALUE} if indeterminate (it may take effect until the end of time). */
    public long endNanos() {
        return isIndeterminate() ? Long.MAX_VALUE : completion.timeNanos();
    }

    /** The completion time if one was recorded (also for info), else {@link Op#NONE}. */
    public long recordedEndNanos() {
        return completion == null ? Op.NONE : completion.timeNanos();
    }

    /** The value read or answered if the completion has one, else the value written by the invoke. */
    public String value() {
        return completion != null && completion.value() != null ? completion.value() : invoke.value();
    }

    /** The value the invocation carried (what a write wrote). */
    public String invokedValue() {
        return invoke.value();
    }

    /** The value the completion carried (what a read returned), or null. */
    public String answeredValue() {
        return completion == null ? null : completion.value();
    }

    /** The consistency asked for. */
    public Consistency consistency() {
        return invoke.consistency();
    }

    /** The min index asked for (AT_LEAST), or {@link Op#NONE}. */
    public long requestedToken() {
        return invoke.token();
    }

    /** The token / applied index returned, or {@link Op#NONE}. */
    public long resultToken() {
        return completion == null ? Op.NONE : completion.token();
    }

    /** The node that answered (from the completion, else the one the call was sent to). */
    public String node() {
        return completion != null && completion.node() != null ? completion.node() : invoke.node();
    }

    /** The bundle version the answer reported, or null. */
    public String version() {
        return completion == null ? null : completion.version();
    }
}
