package io.bulwark.chaos.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, validated history: records in runner-clock order, each client process with at most
 * one operation outstanding, every completion following an invoke of its process. Checkers read it
 * as {@link Call}s (client operations) and {@link FaultWindow}s (nemesis events).
 */
public final class History {
    private final List<Op> ops;
    private final List<Call> calls;
    private final List<FaultWindow> faultWindows;

    private History(List<Op> ops) {
        this.ops = Collections.unmodifiableList(ops);
        this.calls = Collections.unmodifiableList(pair(ops));
        this.faultWindows = Collections.unmodifiableList(windows(ops));
    }

    /** Validates {@code ops} (indexes must be 0..n-1 in order) and wraps them. */
    public static History of(List<Op> ops) {
        Builder b = new Builder();
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            if (op.index() != i) {
                throw new IllegalArgumentException("op at position " + i + " has index " + op.index());
            }
            b.add(op);
        }
        return b.build();
    }

    /** A builder that assigns indexes and validates as it goes. */
    public static Builder builder() {
        return new Builder();
    }

    /** All records in order. */
    public List<Op> ops() {
        return ops;
    }

    /** Client operations (not nemesis events), in order of invocation. */
    public List<Call> calls() {
        return calls;
    }

    /** Nemesis fault windows, in order of start. */
    public List<FaultWindow> faultWindows() {
        return faultWindows;
    }

    /** Runner-clock time of the first record, or 0 when empty. */
    public long startNanos() {
        return ops.isEmpty() ? 0 : ops.get(0).timeNanos();
    }

    /** Runner-clock time of the last record, or 0 when empty. */
    public long endNanos() {
        return ops.isEmpty() ? 0 : ops.get(ops.size() - 1).timeNanos();
    }

    /** Client calls grouped by key (calls without a key are left out), keys in first-seen order. */
    public Map<String, List<Call>> callsByKey() {
        Map<String, List<Call>> byKey = new LinkedHashMap<>();
        for (Call c : calls) {
            if (c.key() != null) {
                byKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c);
            }
        }
        return byKey;
    }

    private static List<Call> pair(List<Op> ops) {
        // Slots in invoke order, filled in when the completion arrives.
        List<Op[]> slots = new ArrayList<>();
        Map<String, Op[]> open = new HashMap<>();
        for (Op op : ops) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                Op[] slot = {op, null};
                slots.add(slot);
                open.put(op.process(), slot);
            } else {
                open.remove(op.process())[1] = op;
            }
        }
        List<Call> result = new ArrayList<>(slots.size());
        for (Op[] slot : slots) {
            result.add(new Call(slot[0], slot[1]));
        }
        return result;
    }

    private static List<FaultWindow> windows(List<Op> ops) {
        List<FaultWindow> result = new ArrayList<>();
        Map<String, Op> started = new LinkedHashMap<>();
        long end = ops.isEmpty() ? 0 : ops.get(ops.size() - 1).timeNanos();
        for (Op op : ops) {
            if (!op.isNemesis()) {
                continue;
            }
            if (op.f() == Fn.START) {
                started.put(op.value(), op);
            } else {
                Op start = started.remove(op.value());
                result.add(new FaultWindow(op.value(), start.timeNanos(), op.timeNanos(), true));
            }
        }
        for (Op start : started.values()) {
            result.add(new FaultWindow(start.value(), start.timeNanos(), end, false));
        }
        result.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
        return result;
    }

    /** Appends records, assigning indexes and rejecting a history that breaks the rules above. */
    public static final class Builder {
        private final List<Op> ops = new ArrayList<>();
        private final Map<String, Op> outstanding = new HashMap<>();
        private final Map<String, Boolean> activeFaults = new HashMap<>();
        private long lastTimeNanos;

        /** Appends {@code op} (its index is replaced) and returns it as stored. */
        public Op add(Op op) {
            if (op.timeNanos() < lastTimeNanos) {
                throw new IllegalArgumentException("time goes backwards at op " + ops.size() + ": " + op);
            }
            if (op.isNemesis()) {
                checkNemesis(op);
            } else if (op.type() == OpType.INVOKE) {
                if (outstanding.containsKey(op.process())) {
                    throw new IllegalArgumentException("process " + op.process() + " invokes with an op outstanding: " + op);
                }
                outstanding.put(op.process(), op);
            } else {
                Op inv = outstanding.remove(op.process());
                if (inv == null || inv.f() != op.f()) {
                    throw new IllegalArgumentException("completion without a matching invoke: " + op);
                }
            }
            Op stored = op.withIndex(ops.size());
            ops.add(stored);
            lastTimeNanos = op.timeNanos();
            return stored;
        }

        private void checkNemesis(Op op) {
            if (op.type() != OpType.INFO || (op.f() != Fn.START && op.f() != Fn.STOP) || op.value() == null) {
                throw new IllegalArgumentException("nemesis events are info start/stop with a fault name: " + op);
            }
            boolean active = activeFaults.getOrDefault(op.value(), false);
            if (op.f() == Fn.START == active) {
                throw new IllegalArgumentException("fault " + op.value() + (active ? " started twice: " : " stopped before it started: ") + op);
            }
            activeFaults.put(op.value(), op.f() == Fn.START);
        }

        /** The history so far. */
        public History build() {
            return new History(new ArrayList<>(ops));
        }
    }
}
