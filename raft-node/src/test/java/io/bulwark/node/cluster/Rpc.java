package io.bulwark.node.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;
import io.bulwark.api.v1.Consistency;
import io.bulwark.api.v1.ReadOptions;
import io.bulwark.api.v1.WriteOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Small helpers shared by the cluster tests. */
final class Rpc {

    private Rpc() {
    }

    static WriteOptions writeId(String requestId) {
        return WriteOptions.newBuilder().setRequestId(requestId).build();
    }

    static WriteOptions newWriteId() {
        return writeId("t-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    static ReadOptions atLeast(long index) {
        return ReadOptions.newBuilder().setConsistency(Consistency.CONSISTENCY_AT_LEAST).setMinIndex(index).build();
    }

    static ReadOptions linearizable() {
        return ReadOptions.newBuilder().setConsistency(Consistency.CONSISTENCY_LINEARIZABLE).build();
    }

    /** A session id that is valid for CreateSession (16-128 chars). */
    static String sessionId(String tag) {
        return tag + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-session";
    }

    /** Runs {@code call}, expects a failure, returns its ErrorInfo after checking the status code. */
    static ErrorInfo expectError(Status.Code code, Supplier<?> call) {
        final StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::get);
        assertThat(e).as("expected %s", code).isNotNull();
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
        return errorInfo(e);
    }

    static ErrorInfo errorInfo(StatusRuntimeException e) {
        final com.google.rpc.Status s = StatusProto.fromThrowable(e);
        assertThat(s).as("status details of %s", e.getStatus()).isNotNull();
        try {
            for (com.google.protobuf.Any any : s.getDetailsList()) {
                if (any.is(ErrorInfo.class)) {
                    final ErrorInfo info = any.unpack(ErrorInfo.class);
                    assertThat(info.getDomain()).isEqualTo("bulwark.io");
                    return info;
                }
            }
        } catch (InvalidProtocolBufferException ex) {
            throw new AssertionError(ex);
        }
        throw new AssertionError("no ErrorInfo in " + e.getStatus());
    }
}
