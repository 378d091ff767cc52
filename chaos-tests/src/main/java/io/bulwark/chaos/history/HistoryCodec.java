package io.bulwark.chaos.history;

import java.util.Map;
import java.util.Set;

/** One {@link Op} as one JSON line, and back. Shared by {@link HistoryWriter} and {@link HistoryReader}. */
public final class HistoryCodec {
    private static final Set<String> FIELDS = Set.of("index", "process", "type", "f", "key", "value", "node",
            "consistency", "token", "time", "latency", "version");

    private HistoryCodec() {
    }

    /** One op as one JSON object (no newline). */
    public static String encode(Op op) {
        StringBuilder b = new StringBuilder(160);
        b.append("{\"index\":").append(op.index());
        Json.quote(b.append(",\"process\":"), op.process());
        Json.quote(b.append(",\"type\":"), op.type().wireName());
        Json.quote(b.append(",\"f\":"), op.f().wireName());
        Json.quote(b.append(",\"key\":"), op.key());
        Json.quote(b.append(",\"value\":"), op.value());
        Json.quote(b.append(",\"node\":"), op.node());
        Json.quote(b.append(",\"consistency\":"), op.consistency().wireName());
        b.append(",\"token\":").append(op.token());
        b.append(",\"time\":").append(op.timeNanos());
        b.append(",\"latency\":").append(op.latencyNanos());
        Json.quote(b.append(",\"version\":"), op.version());
        return b.append('}').toString();
    }

    /** Parses one line; throws {@link IllegalArgumentException} naming the problem. */
    public static Op decode(String line) {
        Map<String, Object> m = Json.parseFlatObject(line);
        for (String name : m.keySet()) {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field \"" + name + "\"");
            }
        }
        return new Op(
                number(m, "index", Op.NONE),
                requiredString(m, "process"),
                OpType.fromWire(requiredString(m, "type")),
                Fn.fromWire(requiredString(m, "f")),
                string(m, "key"),
                string(m, "value"),
                string(m, "node"),
                m.get("consistency") == null ? Consistency.NONE : Consistency.fromWire(string(m, "consistency")),
                number(m, "token", Op.NONE),
                requiredNumber(m, "time"),
                number(m, "latency", Op.NONE),
                string(m, "version"));
    }

    private static String string(Map<String, Object> m, String name) {
        Object v = m.get(name);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException("field \"" + name + "\" must be a string");
        }
        return (String) v;
    }

    private static String requiredString(Map<String, Object> m, String name) {
        String v = string(m, name);
        if (v == null) {
            throw new IllegalArgumentException("missing field \"" + name + "\"");
        }
        return v;
    }

    private static long number(Map<String, Object> m, String name, long absent) {
        Object v = m.get(name);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Long)) {
            throw new IllegalArgumentException("field \"" + name + "\" must be an integer");
        }
        return (Long) v;
    }

    private static long requiredNumber(Map<String, Object> m, String name) {
        if (m.get(name) == null) {
            throw new IllegalArgumentException("missing field \"" + name + "\"");
        }
        return number(m, name, Op.NONE);
    }
}
