package io.bulwark.node.api;

import com.google.rpc.ErrorInfo;
import io.bulwark.node.raft.MembershipException;
import io.bulwark.node.write.ReplicationException;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ResultCode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorMapperTest {

    private static ErrorInfo info(StatusRuntimeException e) throws Exception {
        return StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorInfo.class);
    }

    @ParameterizedTest
    @EnumSource(value = ResultCode.class, names = {"RESULT_OK", "UNRECOGNIZED"}, mode = EnumSource.Mode.EXCLUDE)
    void shouldMapEveryResultCodeToAStatusWithAReason(ResultCode code) throws Exception {
        final CommandResult r = CommandResult.newBuilder().setCode(code).setDetail("d").build();
        final StatusRuntimeException e = ErrorMapper.toStatus(ErrorMapper.forResult(r));
        assertThat(e.getStatus().getCode()).isNotEqualTo(Status.Code.OK);
        assertThat(info(e).getDomain()).isEqualTo("bulwark.io");
        assertThat(info(e).getReason()).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = ResultCode.class, names = "RESULT_(BUNDLE_.*|ACTIVE_HASH_MISMATCH|NO_PREVIOUS_VERSION)",
            mode = EnumSource.Mode.MATCH_ALL)
    void shouldMapEveryBundleResultToItsOwnReason(ResultCode code) throws Exception {
        final StatusRuntimeException e = ErrorMapper.toStatus(ErrorMapper.forResult(
                CommandResult.newBuilder().setCode(code).build()));
        assertThat(e.getStatus().getCode()).isNotEqualTo(Status.Code.INTERNAL);
        // Result RESULT_X maps to ErrorReason X: clients branch on the same name the log shows.
        assertThat(info(e).getReason()).isEqualTo(code.name().substring("RESULT_".length()));
    }

    @Test
    void shouldMapResultsAsTheTableSays() throws Exception {
        assertThat(ErrorMapper.forResult(CommandResult.newBuilder().setCode(ResultCode.RESULT_OK).build())).isNull();
        final StatusRuntimeException full = ErrorMapper.toStatus(ErrorMapper.forResult(
                CommandResult.newBuilder().setCode(ResultCode.RESULT_TABLE_FULL).build()));
        assertThat(full.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(info(full).getReason()).isEqualTo("TABLE_FULL");
        final StatusRuntimeException exists = ErrorMapper.toStatus(ErrorMapper.forResult(
                CommandResult.newBuilder().setCode(ResultCode.RESULT_ALREADY_EXISTS).build()));
        assertThat(exists.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        assertThat(info(exists).getReason()).isEqualTo("SESSION_EXISTS");
    }

    @ParameterizedTest
    @EnumSource(ReplicationException.Kind.class)
    void shouldMapEveryReplicationFailure(ReplicationException.Kind kind) throws Exception {
        final StatusRuntimeException e = ErrorMapper.toStatus(
                new CompletionException(new ReplicationException(kind, "m")));
        final Status.Code expected = switch (kind) {
            case NO_LEADER, TIMEOUT, NOT_READY -> Status.Code.UNAVAILABLE;
            case REJECTED, INTERNAL -> Status.Code.INTERNAL;
        };
        assertThat(e.getStatus().getCode()).isEqualTo(expected);
        if (kind == ReplicationException.Kind.NO_LEADER || kind == ReplicationException.Kind.TIMEOUT) {
            assertThat(info(e).getReason()).isEqualTo("NO_LEADER");
        }
    }

    @Test
    void shouldWithholdDetailsOfUnexpectedFailures() throws Exception {
        final StatusRuntimeException e = ErrorMapper.toStatus(new IllegalStateException("secret-session-id"));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(e.getStatus().getDescription()).doesNotContain("secret");
        assertThat(info(e).getReason()).isEqualTo("INTERNAL_ERROR");
    }

    @ParameterizedTest
    @EnumSource(MembershipException.Kind.class)
    void shouldMapEveryMembershipRefusalToItsOwnReason(MembershipException.Kind kind) throws Exception {
        final StatusRuntimeException e = ErrorMapper.toStatus(new MembershipException(kind, "m"));
        assertThat(e.getStatus().getCode()).isNotIn(Status.Code.OK, Status.Code.INTERNAL);
        assertThat(info(e).getReason()).isIn("MEMBER_CONFLICT", "MEMBERSHIP_QUORUM", "MEMBERSHIP_NOT_COMMITTED");
    }
}
