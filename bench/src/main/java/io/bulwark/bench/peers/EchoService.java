package io.bulwark.bench.peers;

import com.google.protobuf.BytesValue;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;

/**
 * A unary gRPC method that answers with its request: the cheapest call a gRPC server can serve,
 * so its throughput is the ceiling for any gRPC call on the machine. Defined by hand on protobuf's
 * {@code BytesValue} (no .proto: it is not part of Bulwark's contract).
 */
public final class EchoService {
    /** {@code bulwark.bench.Echo/Echo}. */
    public static final MethodDescriptor<BytesValue, BytesValue> ECHO = MethodDescriptor.<BytesValue, BytesValue>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("bulwark.bench.Echo", "Echo"))
            .setRequestMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller(BytesValue.getDefaultInstance()))
            .build();

    private EchoService() {
    }

    /** The service definition: replies with the request message itself. */
    public static ServerServiceDefinition definition() {
        return ServerServiceDefinition.builder("bulwark.bench.Echo")
                .addMethod(ECHO, ServerCalls.asyncUnaryCall((request, reply) -> {
                    reply.onNext(request);
                    reply.onCompleted();
                }))
                .build();
    }
}
