package io.bulwark.policy.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed route path pattern: literal segments, {@code {name}} (exactly one segment) and a final
 * {@code {name...}} (one or more remaining segments). Matching works on index ranges of the request
 * path, so a failed match allocates nothing.
 */
public final class RoutePattern {
    static final byte LITERAL = 0;
    static final byte PARAM = 1;
    static final byte REST = 2;

    private final String source;
    private final byte[] kinds;
    private final String[] texts;
    private final int paramCount;
    private final String[] paramNames;

    private RoutePattern(String source, byte[] kinds, String[] texts, int paramCount) {
        this.source = source;
        this.kinds = kinds;
        this.texts = texts;
        this.paramCount = paramCount;
        this.paramNames = new String[paramCount];
        int p = 0;
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] != LITERAL) {
                paramNames[p++] = texts[i];
            }
        }
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException with a message that says what was expected
     */
    public static RoutePattern parse(String pattern) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("route pattern must start with '/'");
        }
        if (pattern.equals("/")) {
            return new RoutePattern(pattern, new byte[0], new String[0], 0);
        }
        String body = pattern.endsWith("/") ? pattern.substring(1, pattern.length() - 1) : pattern.substring(1);
        String[] parts = body.split("/", -1);
        byte[] kinds = new byte[parts.length];
        String[] texts = new String[parts.length];
        Set<String> names = new HashSet<>();
        int params = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                throw new IllegalArgumentException("route pattern has an empty segment ('//')");
            }
            if (p.startsWith("{")) {
                if (!p.endsWith("}")) {
                    throw new IllegalArgumentException("expected '}' to close parameter segment '" + p + "'");
                }
                String name = p.substring(1, p.length() - 1);
                boolean rest = name.endsWith("...");
                if (rest) {
                    name = name.substring(0, name.length() - 3);
                    if (i != parts.length - 1) {
                        throw new IllegalArgumentException("rest parameter {" + name + "...} must be the last segment");
                    }
                }
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("parameter name '" + name + "' must be an identifier ([A-Za-z_][A-Za-z0-9_]*)");
                }
                if (!names.add(name)) {
                    throw new IllegalArgumentException("duplicate path parameter '" + name + "'");
                }
                kinds[i] = rest ? REST : PARAM;
                texts[i] = name;
                params++;
            } else {
                if (p.contains("{") || p.contains("}")) {
                    throw new IllegalArgumentException("a parameter must fill a whole segment: '" + p + "'");
                }
                if (p.equals(".") || p.equals("..")) {
                    throw new IllegalArgumentException("route pattern must not contain '.' or '..' segments");
                }
                kinds[i] = LITERAL;
                texts[i] = p;
            }
        }
        return new RoutePattern(pattern, kinds, texts, params);
    }

    /** The pattern as written. */
    public String source() {
        return source;
    }

    /** Number of named parameters. */
    public int paramCount() {
        return paramCount;
    }

    /** Parameter names in order. */
    public List<String> paramNames() {
        return List.of(paramNames);
    }

    /**
     * The pattern with parameter names erased ({@code /orders/{}}): two routes with equal shape and
     * method would match the same requests, which the compiler rejects.
     */
    public String shape() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kinds.length; i++) {
            sb.append('/').append(kinds[i] == LITERAL ? texts[i] : kinds[i] == PARAM ? "{}" : "{...}");
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    /**
     * Orders patterns by precedence: at the first segment where they differ, a literal beats a
     * parameter, which beats a rest parameter; then more segments first; then the source text.
     * Matching the first route in this order is the same as a trie walk that prefers literals.
     */
    public static int comparePrecedence(RoutePattern a, RoutePattern b) {
        int n = Math.min(a.kinds.length, b.kinds.length);
        for (int i = 0; i < n; i++) {
            if (a.kinds[i] != b.kinds[i]) {
                return Byte.compare(a.kinds[i], b.kinds[i]);
            }
        }
        if (a.kinds.length != b.kinds.length) {
            return Integer.compare(b.kinds.length, a.kinds.length);
        }
        return a.source.compareTo(b.source);
    }

    /**
     * Matches {@code path[0, end)} (already checked by {@link PathCheck}); on success writes each
     * parameter's [start, end) offsets into {@code offsets} (2 ints per parameter).
     */
    boolean match(String path, int end, int[] offsets) {
        int pos = 1;
        int param = 0;
        if (kinds.length == 0) {
            return end <= 1;
        }
        for (int i = 0; i < kinds.length; i++) {
            if (pos > end || pos == end && end > 0) {
                return false;
            }
            if (kinds[i] == REST) {
                offsets[param * 2] = pos;
                offsets[param * 2 + 1] = end;
                return true;
            }
            int slash = path.indexOf('/', pos);
            int segEnd = slash < 0 || slash > end ? end : slash;
            if (kinds[i] == LITERAL) {
                String lit = texts[i];
                if (segEnd - pos != lit.length() || !path.regionMatches(pos, lit, 0, lit.length())) {
                    return false;
                }
            } else {
                offsets[param * 2] = pos;
                offsets[param * 2 + 1] = segEnd;
                param++;
            }
            pos = segEnd + 1;
        }
        return pos >= end;
    }

    /** Name of parameter {@code i} (in order). */
    String paramName(int i) {
        return paramNames[i];
    }
}
