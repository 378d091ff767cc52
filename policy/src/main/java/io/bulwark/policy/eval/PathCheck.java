package io.bulwark.policy.eval;

/**
 * Decides whether a request path is well formed enough to be matched against routes, and where its
 * matchable part ends. Paths that could mean something else after a proxy normalises them
 * ({@code ..}, {@code .}, empty segments, encoded dots, control characters) are refused outright:
 * the policy denies them rather than guessing.
 */
public final class PathCheck {
    private PathCheck() {
    }

    /**
     * @return the end of the matchable part (query removed, one trailing slash ignored), or -1 if
     *     the path is malformed
     */
    public static int matchableEnd(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return -1;
        }
        int end = path.indexOf('?');
        if (end < 0) {
            end = path.length();
        }
        if (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        int segStart = 1;
        for (int i = 1; i <= end; i++) {
            char c = i < end ? path.charAt(i) : '/';
            if (c < 0x20 || c == 0x7f || c == '\\' || c == '#') {
                return -1;
            }
            if (c == '/') {
                if (end > 1 && i == segStart) {
                    return -1; // empty segment
                }
                if (isDotSegment(path, segStart, i)) {
                    return -1;
                }
                segStart = i + 1;
            }
        }
        return end;
    }

    /** A segment made only of '.' and "%2e" (any case) could be a dot segment after decoding. */
    private static boolean isDotSegment(String path, int start, int end) {
        if (start >= end) {
            return false;
        }
        int i = start;
        while (i < end) {
            if (path.charAt(i) == '.') {
                i++;
            } else if (i + 3 <= end && path.charAt(i) == '%' && path.charAt(i + 1) == '2'
                    && (path.charAt(i + 2) == 'e' || path.charAt(i + 2) == 'E')) {
                i += 3;
            } else {
                return false;
            }
        }
        return true;
    }
}
