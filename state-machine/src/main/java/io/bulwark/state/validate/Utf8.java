package io.bulwark.state.validate;

import java.security.MessageDigest;

/**
 * UTF-8 measuring and hashing of Java strings without allocating: the check path hashes
 * credentials on every request, and {@code String.getBytes} would allocate an array each time.
 * Unpaired surrogates encode as {@code '?'}, exactly as {@code String.getBytes(UTF_8)} does, so
 * a hash computed here equals one computed from the JDK's encoding.
 */
public final class Utf8 {
    /** Scratch size {@link #digest} needs at least (one code point of 4 bytes, plus room to batch). */
    public static final int MIN_SCRATCH_BYTES = 64;

    private Utf8() {
    }

    /** Number of UTF-8 bytes of {@code s}. */
    public static int encodedLength(CharSequence s) {
        int bytes = 0;
        final int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1; // encoded as '?'
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** True when {@code s} holds an unpaired surrogate (not valid Unicode text). */
    public static boolean hasUnpairedSurrogate(CharSequence s) {
        final int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code s} holds an ISO control character (C0, DEL or C1). */
    public static boolean hasControlChar(CharSequence s) {
        final int n = s.length();
        for (int i = 0; i < n; i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Feeds the UTF-8 encoding of {@code s} into {@code md}, batching through {@code scratch}
     * (at least {@link #MIN_SCRATCH_BYTES} long). Allocates nothing.
     */
    public static void digest(MessageDigest md, CharSequence s, byte[] scratch) {
        final int limit = scratch.length - 4;
        int pos = 0;
        final int n = s.length();
        for (int i = 0; i < n; i++) {
            if (pos > limit) {
                md.update(scratch, 0, pos);
                pos = 0;
            }
            char c = s.charAt(i);
            if (c < 0x80) {
                scratch[pos++] = (byte) c;
            } else if (c < 0x800) {
                scratch[pos++] = (byte) (0xC0 | (c >> 6));
                scratch[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                scratch[pos++] = (byte) (0xF0 | (cp >> 18));
                scratch[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                scratch[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                scratch[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                scratch[pos++] = (byte) '?';
            } else {
                scratch[pos++] = (byte) (0xE0 | (c >> 12));
                scratch[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                scratch[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        if (pos > 0) {
            md.update(scratch, 0, pos);
        }
    }
}
