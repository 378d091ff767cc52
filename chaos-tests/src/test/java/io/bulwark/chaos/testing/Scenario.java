package io.bulwark.chaos.testing;

import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.history.Op;
import io.bulwark.chaos.history.OpType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes synthetic histories for tests: calls are declared with start and end times in
 * milliseconds (in any order) and {@link #build()} interleaves their records on one clock.
 */
public final class Scenario {
    private final List<Op> ops = new ArrayList<>();

    /** Starts declaring a call. */
    public CallSpec call(String process, Fn f, String key) {
        return new CallSpec(process, f, key);
    }

    /** A nemesis fault window from {@code startMs} to {@code endMs} (or never healed if endMs < 0). */
    public Scenario fault(String name, long startMs, long endMs) {
        ops.add(Op.nemesis(Fn.START, name, ms(startMs)));
        if (endMs >= 0) {
            ops.add(Op.nemesis(Fn.STOP, name, ms(endMs)));
        }
        return this;
    }

    /** The history, records sorted by time (stable: declaration order breaks ties). */
    public History build() {
        List<Op> sorted = new ArrayList<>(ops);
        sorted.sort(Comparator.comparingLong(Op::timeNanos));
        History.Builder b = History.builder();
        for (Op op : sorted) {
            b.add(op);
        }
        return b.build();
    }

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    /** One call being declared. */
    public final class CallSpec {
        private Op invoke;
        private long endMs;
        private String node;
        private long answerToken = Op.NONE;
        private String version;

        private CallSpec(String process, Fn f, String key) {
            this.invoke = Op.invoke(process, f, key, null, 0);
        }

        /** The value the invocation carries. */
        public CallSpec value(String v) {
            invoke = invoke.withValue(v);
            return this;
        }

        /** Read consistency asked for. */
        public CallSpec consistency(Consistency c) {
            invoke = invoke.withConsistency(c);
            return this;
        }

        /** Min index asked for (AT_LEAST). */
        public CallSpec minIndex(long token) {
            invoke = invoke.withToken(token);
            return this;
        }

        /** The node that served it. */
        public CallSpec node(String n) {
            invoke = invoke.withNode(n);
            node = n;
            return this;
        }

        /** Token / applied index in the answer. */
        public CallSpec token(long t) {
            answerToken = t;
            return this;
        }

        /** Bundle version in the answer. */
        public CallSpec version(String v) {
            version = v;
            return this;
        }

        /** Invocation and completion times. */
        public CallSpec at(long startMs, long endMs) {
            invoke = new Op(Op.NONE, invoke.process(), OpType.INVOKE, invoke.f(), invoke.key(), invoke.value(),
                    invoke.node(), invoke.consistency(), invoke.token(), ms(startMs), Op.NONE, null);
            this.endMs = endMs;
            return this;
        }

        /** Completes ok with {@code answer} (null for writes). */
        public Scenario ok(String answer) {
            return complete(OpType.OK, answer);
        }

        /** Completes with fail. */
        public Scenario fail() {
            return complete(OpType.FAIL, null);
        }

        /** Completes with info (indeterminate). */
        public Scenario info() {
            return complete(OpType.INFO, null);
        }

        /** Never completes (the run ended first). */
        public Scenario pending() {
            ops.add(invoke);
            return Scenario.this;
        }

        private Scenario complete(OpType type, String answer) {
            ops.add(invoke);
            ops.add(Op.complete(invoke, type, answer, ms(endMs)).withNode(node).withToken(answerToken)
                    .withVersion(version));
            return Scenario.this;
        }
    }
}
