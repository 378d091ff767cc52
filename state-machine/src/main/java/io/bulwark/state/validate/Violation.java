package io.bulwark.state.validate;

import io.bulwark.api.v1.ErrorReason;

/**
 * One broken input rule: what the edge turns into an INVALID_ARGUMENT status with an ErrorInfo,
 * and what apply turns into {@code RESULT_INVALID} with {@link #detail()}.
 *
 * @param reason machine-readable reason (an {@link ErrorReason} the API documents)
 * @param field  the offending field, as named in the proto ({@code "subject"}, {@code "ttl_ms"}, ...)
 * @param detail human-readable explanation; never contains a secret or the offending value
 */
public record Violation(ErrorReason reason, String field, String detail) {
}
