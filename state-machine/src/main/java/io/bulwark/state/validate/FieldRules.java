package io.bulwark.state.validate;

import com.google.protobuf.ByteString;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.RevocationReason;

/**
 * Checks of single fields. Each returns null when the value is acceptable, else the
 * {@link Violation}; they allocate only when they reject.
 */
public final class FieldRules {
    private FieldRules() {
    }

    /** Required text: 1..maxBytes UTF-8 bytes, no control characters, no unpaired surrogates. */
    public static Violation requiredText(String field, String value, int maxBytes) {
        if (value == null || value.isEmpty()) {
            return new Violation(ErrorReason.FIELD_MISSING, field, field + " is required");
        }
        return optionalText(field, value, maxBytes);
    }

    /** Optional text: empty, or at most maxBytes UTF-8 bytes without control characters or unpaired surrogates. */
    public static Violation optionalText(String field, String value, int maxBytes) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        // Cheap bound first: a UTF-8 encoding is at least one byte per char.
        if (value.length() > maxBytes || Utf8.encodedLength(value) > maxBytes) {
            return new Violation(ErrorReason.FIELD_TOO_LONG, field, field + " is longer than " + maxBytes + " UTF-8 bytes");
        }
        if (Utf8.hasControlChar(value) || Utf8.hasUnpairedSurrogate(value)) {
            return new Violation(ErrorReason.FIELD_MALFORMED, field, field + " holds control characters or invalid UTF-16");
        }
        return null;
    }

    /** A subject: 1-{@value Limits#MAX_SUBJECT_BYTES} UTF-8 bytes, no control characters. */
    public static Violation subject(String field, String value) {
        return requiredText(field, value, Limits.MAX_SUBJECT_BYTES);
    }

    /** A stored key hash: exactly {@value Limits#HASH_BYTES} bytes. */
    public static Violation hash(String field, ByteString value) {
        if (value == null || value.isEmpty()) {
            return new Violation(ErrorReason.FIELD_MISSING, field, field + " is required");
        }
        if (value.size() != Limits.HASH_BYTES) {
            return new Violation(ErrorReason.FIELD_MALFORMED, field, field + " must be " + Limits.HASH_BYTES + " bytes, was " + value.size());
        }
        return null;
    }

    /** An idempotency key: empty (none), or 1-{@value Limits#MAX_REQUEST_ID_CHARS} characters of {@code [A-Za-z0-9._:-]}. */
    public static Violation requestId(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > Limits.MAX_REQUEST_ID_CHARS) {
            return new Violation(ErrorReason.INVALID_REQUEST_ID, field, field + " is longer than " + Limits.MAX_REQUEST_ID_CHARS + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return new Violation(ErrorReason.INVALID_REQUEST_ID, field, field + " may hold only [A-Za-z0-9._:-]");
            }
        }
        return null;
    }

    /** A revocation reason this build knows (UNSPECIFIED included). */
    public static Violation revocationReason(String field, int number) {
        if (RevocationReason.forNumber(number) == null) {
            return new Violation(ErrorReason.UNKNOWN_ENUM_VALUE, field, field + " has unknown value " + number);
        }
        return null;
    }

    /** A duration in {@code [minMs, maxMs]}. */
    public static Violation durationMs(String field, long valueMs, long minMs, long maxMs) {
        if (valueMs < minMs || valueMs > maxMs) {
            return new Violation(ErrorReason.DURATION_OUT_OF_RANGE, field, field + " must be within [" + minMs + ", " + maxMs + "] ms, was " + valueMs);
        }
        return null;
    }

    /** An absolute expiry strictly after {@code nowMs} and at most {@code maxAheadMs} later. */
    public static Violation futureExpiry(String field, long expiresAtMs, long nowMs, long maxAheadMs) {
        if (expiresAtMs <= nowMs) {
            return new Violation(ErrorReason.EXPIRY_IN_PAST, field, field + " must be after the proposer time " + nowMs + ", was " + expiresAtMs);
        }
        if (expiresAtMs - nowMs > maxAheadMs) {
            return new Violation(ErrorReason.DURATION_OUT_OF_RANGE, field, field + " lies more than " + maxAheadMs + " ms ahead");
        }
        return null;
    }
}
