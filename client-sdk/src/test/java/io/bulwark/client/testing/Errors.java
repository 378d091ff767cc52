package io.bulwark.client.testing;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.bulwark.api.v1.ErrorReason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import java.util.Map;

/** Error statuses shaped like a Bulwark server's: a code plus a {@code google.rpc.ErrorInfo} detail. */
public final class Errors {
    private Errors() {
    }

    /** A status with an ErrorInfo in domain {@code bulwark.io}. */
    public static StatusRuntimeException of(final Status.Code code, final ErrorReason reason,
                                            final Map<String, String> metadata, final String message) {
        final com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage(message)
            .addDetails(Any.pack(ErrorInfo.newBuilder().setDomain("bulwark.io").setReason(reason.name())
                .putAllMetadata(metadata).build()))
            .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /** {@code UNAVAILABLE} with reason NOT_READY, as a node that is starting answers. */
    public static StatusRuntimeException unavailable() {
        return of(Status.Code.UNAVAILABLE, ErrorReason.NOT_READY, Map.of(), "node is starting");
    }
}
