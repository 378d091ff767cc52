package io.bulwark.cli.output;

import java.util.List;

/**
 * Builds one compact JSON object for results that are not a single protobuf message (e.g. the cluster view),
 * embedding protobuf JSON for the parts that are.
 */
public final class JsonObjectWriter {
    private final StringBuilder sb = new StringBuilder(256).append('{');
    private boolean first = true;

    /** Adds a string field. */
    public JsonObjectWriter str(final String key, final String value) {
        key(key);
        quote(value);
        return this;
    }

    /** Adds an integer field. */
    public JsonObjectWriter num(final String key, final long value) {
        key(key);
        sb.append(value);
        return this;
    }

    /** Adds a boolean field. */
    public JsonObjectWriter bool(final String key, final boolean value) {
        key(key);
        sb.append(value);
        return this;
    }

    /** Adds a field whose value is already JSON (an object, or null). */
    public JsonObjectWriter raw(final String key, final String json) {
        key(key);
        sb.append(json == null ? "null" : json);
        return this;
    }

    /** Adds an array of values that are already JSON. */
    public JsonObjectWriter array(final String key, final List<String> jsonItems) {
        key(key);
        sb.append('[').append(String.join(",", jsonItems)).append(']');
        return this;
    }

    /** The object's JSON text. */
    public String build() {
        return sb.toString() + '}';
    }

    private void key(final String key) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        quote(key);
        sb.append(':');
    }

    private void quote(final String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
