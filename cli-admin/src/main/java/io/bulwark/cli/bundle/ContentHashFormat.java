package io.bulwark.cli.bundle;

import java.util.regex.Pattern;

/** The written form of a content hash, {@code sha256:} and 64 lower-case hex digits, checked before use. */
final class ContentHashFormat {
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");

    private ContentHashFormat() {
    }

    /** Whether {@code text} is a well-formed content hash. */
    static boolean valid(final String text) {
        return HASH.matcher(text).matches();
    }
}
