package io.bulwark.node.api;

import com.google.protobuf.MessageLite;
import io.bulwark.api.v1.ErrorReason;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;

import java.util.HashMap;
import java.util.Map;

/**
 * Rejects requests whose serialized size exceeds {@code limits.request.max.bytes} with
 * INVALID_ARGUMENT / MESSAGE_TOO_LARGE before any service sees them. gRPC's own inbound limit
 * stays as a larger hard ceiling (beyond it the transport refuses to even decode the message).
 */
public final class RequestSizeLimit implements ServerInterceptor {

    private final int maxBytes;
    private final Map<String, Integer> perMethod;

    public RequestSizeLimit(int maxBytes) {
        this(maxBytes, Map.of());
    }

    /**
     * @param perMethod limits that replace {@code maxBytes} for some methods, by full method name
     *                  (e.g. PushBundle, whose signed bundle is far larger than any other request)
     */
    public RequestSizeLimit(int maxBytes, Map<String, Integer> perMethod) {
        this.maxBytes = maxBytes;
        this.perMethod = new HashMap<>(perMethod);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        final int maxBytes = perMethod.getOrDefault(call.getMethodDescriptor().getFullMethodName(), this.maxBytes);
        final ServerCall.Listener<Q> delegate = next.startCall(call, headers);
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
            private boolean rejected;

            @Override
            public void onMessage(Q message) {
                if (message instanceof MessageLite m && m.getSerializedSize() > maxBytes) {
                    rejected = true;
                    final StatusRuntimeException e = ErrorMapper.build(io.grpc.Status.Code.INVALID_ARGUMENT,
                            ErrorReason.MESSAGE_TOO_LARGE,
                            "request of " + m.getSerializedSize() + " bytes exceeds the limit of " + maxBytes,
                            Map.of("max", Integer.toString(maxBytes)));
                    call.close(e.getStatus(), e.getTrailers() == null ? new Metadata() : e.getTrailers());
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                // The call is closed already; the unary handler must not run without its request.
                if (!rejected) {
                    super.onHalfClose();
                }
            }
        };
    }
}
