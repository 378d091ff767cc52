package io.bulwark.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.bulwark.api.v1.ErrorReason;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;

import java.util.Map;

/** Turns a failed gRPC call into a {@link BulwarkException}, reading the server's {@code ErrorInfo} detail. */
final class ErrorDetails {
    /** The ErrorInfo domain Bulwark servers use. */
    static final String DOMAIN = "bulwark.io";

    private ErrorDetails() {
    }

    static BulwarkException toException(final String operation, final Throwable failure, final String endpoint,
                                        final int attempts) {
        final Status status = Status.fromThrowable(failure);
        ErrorInfo info = null;
        final com.google.rpc.Status rich = StatusProto.fromThrowable(failure);
        if (rich != null) {
            for (final Any detail : rich.getDetailsList()) {
                if (detail.is(ErrorInfo.class)) {
                    try {
                        final ErrorInfo candidate = detail.unpack(ErrorInfo.class);
                        if (DOMAIN.equals(candidate.getDomain()) || info == null) {
                            info = candidate;
                        }
                    } catch (final InvalidProtocolBufferException ignored) {
                        // A malformed detail is treated as absent: the status code still decides.
                    }
                }
            }
        }
        final String reasonName = info == null ? "" : info.getReason();
        final Map<String, String> metadata = info == null ? Map.of() : info.getMetadataMap();
        String detail = status.getDescription() == null ? "" : status.getDescription();
        if (status.getCause() != null && status.getCause().getMessage() != null) {
            // Client-side transport causes (e.g. "Connection refused: /127.0.0.1:7001") name no request data.
            detail = detail + (detail.isEmpty() ? "" : ": ") + status.getCause().getMessage();
        }
        return new BulwarkException(operation, status.getCode(), parseReason(reasonName), reasonName, metadata,
            detail, endpoint, attempts, failure);
    }

    static ErrorReason parseReason(final String name) {
        if (name.isEmpty()) {
            return ErrorReason.ERROR_REASON_UNSPECIFIED;
        }
        try {
            final ErrorReason reason = ErrorReason.valueOf(name);
            return reason == ErrorReason.UNRECOGNIZED ? ErrorReason.ERROR_REASON_UNSPECIFIED : reason;
        } catch (final IllegalArgumentException unknown) {
            // A newer server may send a reason this SDK predates; reasonName() still carries it.
            return ErrorReason.ERROR_REASON_UNSPECIFIED;
        }
    }
}
