package io.bulwark.node.api;

import io.bulwark.api.v1.ErrorReason;
import io.grpc.Status;

import java.util.Map;

/**
 * A failure to report to the caller as a gRPC status with an ErrorInfo. The message is sent to the
 * client: it must never contain a secret (session ids, tokens) or the offending value itself.
 */
public final class ApiException extends RuntimeException {

    private final Status.Code code;
    private final ErrorReason reason;
    private final Map<String, String> metadata;

    public ApiException(Status.Code code, ErrorReason reason, String message, Map<String, String> metadata) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.metadata = Map.copyOf(metadata);
    }

    public ApiException(Status.Code code, ErrorReason reason, String message) {
        this(code, reason, message, Map.of());
    }

    /** INVALID_ARGUMENT naming the offending field. */
    public static ApiException invalid(ErrorReason reason, String field, String message) {
        return new ApiException(Status.Code.INVALID_ARGUMENT, reason, message, Map.of("field", field));
    }

    public Status.Code code() {
        return code;
    }

    public ErrorReason reason() {
        return reason;
    }

    public Map<String, String> metadata() {
        return metadata;
    }
}
