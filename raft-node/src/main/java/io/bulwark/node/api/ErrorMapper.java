package io.bulwark.node.api;

import com.google.protobuf.Any;
import com.google.rpc.ErrorInfo;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.node.raft.MembershipException;
import io.bulwark.node.write.ReplicationException;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.state.validate.Violation;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one table from Bulwark outcomes to gRPC statuses. Every error a client sees is built here:
 * a status code, a human message, and a {@code google.rpc.ErrorInfo} (domain {@value #DOMAIN},
 * reason = an {@link ErrorReason} name) so clients branch on the reason, never on message text.
 *
 * <pre>
 * apply result                  status               reason
 * RESULT_INVALID                INVALID_ARGUMENT     FIELD_MALFORMED
 * RESULT_NOT_FOUND              NOT_FOUND            SESSION_NOT_FOUND
 * RESULT_ALREADY_EXISTS         ALREADY_EXISTS       SESSION_EXISTS
 * RESULT_NOT_ACTIVE             FAILED_PRECONDITION  SESSION_NOT_ACTIVE
 * RESULT_TABLE_FULL             RESOURCE_EXHAUSTED   TABLE_FULL
 * RESULT_SUBJECT_SESSION_LIMIT  RESOURCE_EXHAUSTED   SUBJECT_SESSION_LIMIT
 * RESULT_REQUEST_ID_REUSED      FAILED_PRECONDITION  REQUEST_ID_REUSED
 * RESULT_BUNDLE_UNSIGNED        INVALID_ARGUMENT     BUNDLE_UNSIGNED
 * RESULT_BUNDLE_TAMPERED        INVALID_ARGUMENT     BUNDLE_TAMPERED
 * RESULT_BUNDLE_INVALID         INVALID_ARGUMENT     BUNDLE_INVALID
 * RESULT_BUNDLE_TOO_LARGE       INVALID_ARGUMENT     BUNDLE_TOO_LARGE
 * RESULT_BUNDLE_UNTRUSTED_KEY   PERMISSION_DENIED    BUNDLE_UNTRUSTED_KEY
 * RESULT_BUNDLE_VERSION_NOT_FOUND NOT_FOUND          BUNDLE_VERSION_NOT_FOUND
 * RESULT_ACTIVE_HASH_MISMATCH   FAILED_PRECONDITION  ACTIVE_HASH_MISMATCH
 * RESULT_NO_PREVIOUS_VERSION    FAILED_PRECONDITION  NO_PREVIOUS_VERSION
 * other / unknown               INTERNAL             INTERNAL_ERROR
 *
 * replication failure           status               reason
 * NO_LEADER, TIMEOUT            UNAVAILABLE          NO_LEADER   (retry with the same request id)
 * NOT_READY                     UNAVAILABLE          NOT_READY
 * REJECTED, INTERNAL            INTERNAL             INTERNAL_ERROR
 *
 * membership change refused     status               reason
 * CONFLICT                      ALREADY_EXISTS       MEMBER_CONFLICT
 * QUORUM                        FAILED_PRECONDITION  MEMBERSHIP_QUORUM
 * TIMEOUT                       DEADLINE_EXCEEDED    MEMBERSHIP_NOT_COMMITTED (it may still commit: retry)
 *
 * anything else                 INTERNAL             INTERNAL_ERROR (logged, details withheld)
 * </pre>
 */
public final class ErrorMapper {

    /** ErrorInfo domain of every Bulwark error. */
    public static final String DOMAIN = "bulwark.io";

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private record Row(Status.Code code, ErrorReason reason) {
    }

    private static final Map<ResultCode, Row> RESULTS = new EnumMap<>(ResultCode.class);
    private static final Map<ReplicationException.Kind, Row> REPLICATION = new EnumMap<>(ReplicationException.Kind.class);
    private static final Map<MembershipException.Kind, Row> MEMBERSHIP = new EnumMap<>(MembershipException.Kind.class);

    static {
        RESULTS.put(ResultCode.RESULT_INVALID, new Row(Status.Code.INVALID_ARGUMENT, ErrorReason.FIELD_MALFORMED));
        RESULTS.put(ResultCode.RESULT_NOT_FOUND, new Row(Status.Code.NOT_FOUND, ErrorReason.SESSION_NOT_FOUND));
        RESULTS.put(ResultCode.RESULT_ALREADY_EXISTS, new Row(Status.Code.ALREADY_EXISTS, ErrorReason.SESSION_EXISTS));
        RESULTS.put(ResultCode.RESULT_NOT_ACTIVE, new Row(Status.Code.FAILED_PRECONDITION, ErrorReason.SESSION_NOT_ACTIVE));
        RESULTS.put(ResultCode.RESULT_TABLE_FULL, new Row(Status.Code.RESOURCE_EXHAUSTED, ErrorReason.TABLE_FULL));
        RESULTS.put(ResultCode.RESULT_SUBJECT_SESSION_LIMIT,
                new Row(Status.Code.RESOURCE_EXHAUSTED, ErrorReason.SUBJECT_SESSION_LIMIT));
        RESULTS.put(ResultCode.RESULT_REQUEST_ID_REUSED,
                new Row(Status.Code.FAILED_PRECONDITION, ErrorReason.REQUEST_ID_REUSED));
        RESULTS.put(ResultCode.RESULT_BUNDLE_UNSIGNED, new Row(Status.Code.INVALID_ARGUMENT, ErrorReason.BUNDLE_UNSIGNED));
        RESULTS.put(ResultCode.RESULT_BUNDLE_TAMPERED, new Row(Status.Code.INVALID_ARGUMENT, ErrorReason.BUNDLE_TAMPERED));
        RESULTS.put(ResultCode.RESULT_BUNDLE_INVALID, new Row(Status.Code.INVALID_ARGUMENT, ErrorReason.BUNDLE_INVALID));
        RESULTS.put(ResultCode.RESULT_BUNDLE_TOO_LARGE, new Row(Status.Code.INVALID_ARGUMENT, ErrorReason.BUNDLE_TOO_LARGE));
        RESULTS.put(ResultCode.RESULT_BUNDLE_UNTRUSTED_KEY,
                new Row(Status.Code.PERMISSION_DENIED, ErrorReason.BUNDLE_UNTRUSTED_KEY));
        RESULTS.put(ResultCode.RESULT_BUNDLE_VERSION_NOT_FOUND,
                new Row(Status.Code.NOT_FOUND, ErrorReason.BUNDLE_VERSION_NOT_FOUND));
        RESULTS.put(ResultCode.RESULT_ACTIVE_HASH_MISMATCH,
                new Row(Status.Code.FAILED_PRECONDITION, ErrorReason.ACTIVE_HASH_MISMATCH));
        RESULTS.put(ResultCode.RESULT_NO_PREVIOUS_VERSION,
                new Row(Status.Code.FAILED_PRECONDITION, ErrorReason.NO_PREVIOUS_VERSION));

        REPLICATION.put(ReplicationException.Kind.NO_LEADER, new Row(Status.Code.UNAVAILABLE, ErrorReason.NO_LEADER));
        REPLICATION.put(ReplicationException.Kind.TIMEOUT, new Row(Status.Code.UNAVAILABLE, ErrorReason.NO_LEADER));
        REPLICATION.put(ReplicationException.Kind.NOT_READY, new Row(Status.Code.UNAVAILABLE, ErrorReason.NOT_READY));
        REPLICATION.put(ReplicationException.Kind.REJECTED, new Row(Status.Code.INTERNAL, ErrorReason.INTERNAL_ERROR));
        REPLICATION.put(ReplicationException.Kind.INTERNAL, new Row(Status.Code.INTERNAL, ErrorReason.INTERNAL_ERROR));

        MEMBERSHIP.put(MembershipException.Kind.CONFLICT, new Row(Status.Code.ALREADY_EXISTS, ErrorReason.MEMBER_CONFLICT));
        MEMBERSHIP.put(MembershipException.Kind.QUORUM,
                new Row(Status.Code.FAILED_PRECONDITION, ErrorReason.MEMBERSHIP_QUORUM));
        MEMBERSHIP.put(MembershipException.Kind.TIMEOUT,
                new Row(Status.Code.DEADLINE_EXCEEDED, ErrorReason.MEMBERSHIP_NOT_COMMITTED));
    }

    private ErrorMapper() {
    }

    /** The error for a non-OK command result; null when the result is OK. */
    public static ApiException forResult(CommandResult result) {
        if (result.getCode() == ResultCode.RESULT_OK) {
            return null;
        }
        final Row row = RESULTS.getOrDefault(result.getCode(), new Row(Status.Code.INTERNAL, ErrorReason.INTERNAL_ERROR));
        final String detail = result.getDetail().isEmpty() ? result.getCode().name() : result.getDetail();
        return new ApiException(row.code(), row.reason(), detail);
    }

    /** INVALID_ARGUMENT for a broken input rule, naming its field. */
    public static ApiException forViolation(Violation v) {
        return ApiException.invalid(v.reason(), v.field(), v.detail());
    }

    /** The status to send for any failure. */
    public static StatusRuntimeException toStatus(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        if (t instanceof ApiException a) {
            return build(a.code(), a.reason(), a.getMessage(), a.metadata());
        }
        if (t instanceof ReplicationException r) {
            final Row row = REPLICATION.get(r.kind());
            if (row.code() == Status.Code.INTERNAL) {
                LOG.error("replication failed internally: {}", r.getMessage(), r);
            }
            return build(row.code(), row.reason(), r.kind() + ": " + r.getMessage(), Map.of());
        }
        if (t instanceof MembershipException m) {
            final Row row = MEMBERSHIP.get(m.kind());
            return build(row.code(), row.reason(), m.getMessage(), Map.of());
        }
        LOG.error("unexpected failure", t);
        return build(Status.Code.INTERNAL, ErrorReason.INTERNAL_ERROR, "internal error", Map.of());
    }

    /** A status with an ErrorInfo detail; also used by the size interceptor. */
    public static StatusRuntimeException build(Status.Code code, ErrorReason reason, String message,
                                               Map<String, String> metadata) {
        final ErrorInfo info = ErrorInfo.newBuilder()
                .setDomain(DOMAIN)
                .setReason(reason.name())
                .putAllMetadata(metadata)
                .build();
        final com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message == null ? "" : message)
                .addDetails(Any.pack(info))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }
}
