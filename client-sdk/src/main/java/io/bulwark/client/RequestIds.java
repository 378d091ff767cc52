package io.bulwark.client;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Request ids: the idempotency keys carried by every write ({@code WriteOptions.request_id}).
 *
 * <p>A generated id is 128 random bits in unpadded base64url (22 characters of {@code [A-Za-z0-9_-]}), which
 * fits the server's rule of 1-64 characters of {@code [A-Za-z0-9._:-]}.
 */
public final class RequestIds {
    /** Longest request id the server accepts. */
    public static final int MAX_LENGTH = 64;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private RequestIds() {
    }

    /** Returns a new random request id. */
    public static String newRequestId() {
        final byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }

    /** Tells whether {@code id} is 1-64 characters of {@code [A-Za-z0-9._:-]}, the server's rule. */
    public static boolean isValid(final String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            final char c = id.charAt(i);
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
