package io.bulwark.policy.compile;

/**
 * Permission strings and wildcard grants. A permission is {@code :}-separated segments of
 * {@code [A-Za-z0-9_.-]}. In a granted permission a segment may be {@code *}: it matches exactly one
 * segment, except as the last segment, where it matches one or more; {@code "*"} alone grants
 * everything.
 */
public final class Permissions {
    private Permissions() {
    }

    /** Null when valid, else what is wrong. {@code wildcards} allows {@code *} segments. */
    public static String validate(String permission, boolean wildcards) {
        if (permission.isEmpty()) {
            return "permission must not be empty";
        }
        for (String seg : permission.split(":", -1)) {
            if (seg.isEmpty()) {
                return "permission '" + permission + "' has an empty segment";
            }
            if (seg.equals("*")) {
                if (!wildcards) {
                    return "a route's required permission must be concrete (no '*'): '" + permission + "'";
                }
                continue;
            }
            for (int i = 0; i < seg.length(); i++) {
                char c = seg.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.' || c == '-')) {
                    return "permission '" + permission + "' contains '" + c
                            + "': expected segments of letters, digits, '_', '.', '-' separated by ':'"
                            + (wildcards ? " ('*' as a whole segment)" : "");
                }
            }
        }
        return null;
    }

    /** True when the granted pattern covers the concrete permission. */
    public static boolean grants(String granted, String permission) {
        String[] g = granted.split(":", -1);
        String[] p = permission.split(":", -1);
        for (int i = 0; i < g.length; i++) {
            if (i >= p.length) {
                return false;
            }
            if (g[i].equals("*")) {
                if (i == g.length - 1) {
                    return true;
                }
                continue;
            }
            if (!g[i].equals(p[i])) {
                return false;
            }
        }
        return g.length == p.length;
    }
}
