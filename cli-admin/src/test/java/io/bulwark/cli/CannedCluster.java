package io.bulwark.cli;

import io.bulwark.api.v1.CheckRequest;
import io.bulwark.api.v1.CheckResponse;
import io.bulwark.api.v1.CheckServiceGrpc;
import io.bulwark.api.v1.ClusterServiceGrpc;
import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.CreateSessionResponse;
import io.bulwark.api.v1.Decision;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.GetRevocationRequest;
import io.bulwark.api.v1.GetRevocationResponse;
import io.bulwark.api.v1.GetSessionRequest;
import io.bulwark.api.v1.GetSessionResponse;
import io.bulwark.api.v1.ListSessionsRequest;
import io.bulwark.api.v1.ListSessionsResponse;
import io.bulwark.api.v1.Member;
import io.bulwark.api.v1.NodeRole;
import io.bulwark.api.v1.ReadMeta;
import io.bulwark.api.v1.ReasonCode;
import io.bulwark.api.v1.RevocationReason;
import io.bulwark.api.v1.RevocationServiceGrpc;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeResponse;
import io.bulwark.api.v1.RevokeSessionRequest;
import io.bulwark.api.v1.RevokeSessionResponse;
import io.bulwark.api.v1.Session;
import io.bulwark.api.v1.SessionServiceGrpc;
import io.bulwark.api.v1.SessionState;
import io.bulwark.api.v1.SnapshotRequest;
import io.bulwark.api.v1.SnapshotResponse;
import io.bulwark.api.v1.StatusRequest;
import io.bulwark.api.v1.StatusResponse;
import io.bulwark.api.v1.TouchSessionRequest;
import io.bulwark.api.v1.TouchSessionResponse;
import io.bulwark.api.v1.AddMemberRequest;
import io.bulwark.api.v1.MembershipResponse;
import io.bulwark.api.v1.RemoveMemberRequest;
import io.bulwark.api.v1.TransferLeadershipRequest;
import io.bulwark.api.v1.TransferLeadershipResponse;
import io.bulwark.api.v1.WriteResult;
import io.bulwark.client.Selectors;
import io.bulwark.client.testing.Errors;
import io.bulwark.client.testing.LoopbackServer;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One loopback gRPC server implementing every Bulwark service with canned answers and recording what it received.
 * It tests the CLI (parsing, output, exit codes), not the Bulwark server.
 */
final class CannedCluster implements AutoCloseable {
    static final long NOW_MS = 1_795_000_000_000L;
    static final String GENERATED_ID = "generated-secret-session-id-0123456789";
    static final String MISSING_ID = "missing-session-id-000000";
    static final String ALLOW_ID = "allow-session-id-00000000";
    static final String INVALID_ID = "invalid-session-id-0000000";
    static final String BROKEN_ID = "broken-session-id-00000000";

    final List<Object> received = new CopyOnWriteArrayList<>();
    /** A member that is down: listed in the membership, nothing listens there. */
    final String deadMember = LoopbackServer.deadAddress();
    final LoopbackServer server;

    CannedCluster() {
        server = LoopbackServer.start(new Sessions(), new Revocations(), new Checks(), new Cluster());
    }

    String address() {
        return server.address();
    }

    <T> List<T> receivedOf(final Class<T> type) {
        final List<T> list = new java.util.ArrayList<>();
        for (final Object o : received) {
            if (type.isInstance(o)) {
                list.add(type.cast(o));
            }
        }
        return list;
    }

    @Override
    public void close() {
        server.close();
    }

    static Session session(final String id, final String subject) {
        return Session.newBuilder().setSessionRef(Selectors.refOf(id)).setSubject(subject).setCreatedAtMs(NOW_MS)
            .setExpiresAtMs(NOW_MS + 900_000).setLastTouchedAtMs(NOW_MS).setTtlMs(900_000)
            .setState(SessionState.SESSION_STATE_ACTIVE).build();
    }

    private static ReadMeta meta() {
        return ReadMeta.newBuilder().setAppliedIndex(12).setNodeId("n1").build();
    }

    private static <T> void reply(final StreamObserver<T> out, final T value) {
        out.onNext(value);
        out.onCompleted();
    }

    final class Sessions extends SessionServiceGrpc.SessionServiceImplBase {
        @Override
        public void createSession(final CreateSessionRequest r, final StreamObserver<CreateSessionResponse> out) {
            received.add(r);
            final String id = r.getSessionId().isEmpty() ? GENERATED_ID : r.getSessionId();
            reply(out, CreateSessionResponse.newBuilder()
                .setSession(session(id, r.getSubject()).toBuilder().setSessionId(id).setTtlMs(r.getTtlMs()))
                .setWrite(WriteResult.newBuilder().setAppliedIndex(11)).build());
        }

        @Override
        public void getSession(final GetSessionRequest r, final StreamObserver<GetSessionResponse> out) {
            received.add(r);
            if (MISSING_ID.equals(r.getSession().getSessionId())) {
                out.onError(Errors.of(Status.Code.NOT_FOUND, ErrorReason.SESSION_NOT_FOUND, Map.of(), "no such session"));
                return;
            }
            reply(out, GetSessionResponse.newBuilder().setSession(session("x", "alice")).setMeta(meta()).build());
        }

        @Override
        public void touchSession(final TouchSessionRequest r, final StreamObserver<TouchSessionResponse> out) {
            received.add(r);
            reply(out, TouchSessionResponse.newBuilder().setSession(session("x", "alice"))
                .setWrite(WriteResult.newBuilder().setAppliedIndex(15)).build());
        }

        @Override
        public void listSessions(final ListSessionsRequest r, final StreamObserver<ListSessionsResponse> out) {
            received.add(r);
            reply(out, ListSessionsResponse.newBuilder().addSessions(session("a", r.getSubject()))
                .addSessions(session("b", r.getSubject())).setTruncated(true).setMeta(meta()).build());
        }

        @Override
        public void revokeSession(final RevokeSessionRequest r, final StreamObserver<RevokeSessionResponse> out) {
            received.add(r);
            reply(out, RevokeSessionResponse.newBuilder().setWrite(WriteResult.newBuilder().setAppliedIndex(13))
                .build());
        }
    }

    final class Revocations extends RevocationServiceGrpc.RevocationServiceImplBase {
        @Override
        public void revoke(final RevokeRequest r, final StreamObserver<RevokeResponse> out) {
            received.add(r);
            reply(out, RevokeResponse.newBuilder().setWrite(WriteResult.newBuilder().setAppliedIndex(14)).build());
        }

        @Override
        public void getRevocation(final GetRevocationRequest r, final StreamObserver<GetRevocationResponse> out) {
            received.add(r);
            final boolean revoked = "alice".equals(r.getTarget().getSubject());
            reply(out, GetRevocationResponse.newBuilder().setRevoked(revoked)
                .setRevokedAtMs(revoked ? NOW_MS : 0).setNotBeforeMs(revoked ? NOW_MS : 0)
                .setReason(revoked ? RevocationReason.REVOCATION_REASON_COMPROMISED
                    : RevocationReason.REVOCATION_REASON_UNSPECIFIED)
                .setMeta(meta()).build());
        }
    }

    final class Checks extends CheckServiceGrpc.CheckServiceImplBase {
        @Override
        public void check(final CheckRequest r, final StreamObserver<CheckResponse> out) {
            received.add(r);
            if (INVALID_ID.equals(r.getSessionId())) {
                out.onError(Errors.of(Status.Code.INVALID_ARGUMENT, ErrorReason.FIELD_MALFORMED,
                    Map.of("field", "session_id"), "session_id is malformed"));
                return;
            }
            if (BROKEN_ID.equals(r.getSessionId())) {
                out.onError(Errors.of(Status.Code.INTERNAL, ErrorReason.INTERNAL_ERROR, Map.of(), "replica broken"));
                return;
            }
            final boolean allow = ALLOW_ID.equals(r.getSessionId())
                || (r.hasToken() && "alice".equals(r.getToken().getSubject()));
            reply(out, CheckResponse.newBuilder()
                .setDecision(allow ? Decision.DECISION_ALLOW : Decision.DECISION_DENY)
                .addReasons(allow ? ReasonCode.REASON_SESSION_ACTIVE : ReasonCode.REASON_SESSION_REVOKED)
                .setSubject(allow ? "alice" : "").setAppliedIndex(16).setNodeId("n1").build());
        }
    }

    final class Cluster extends ClusterServiceGrpc.ClusterServiceImplBase {
        @Override
        public void status(final StatusRequest r, final StreamObserver<StatusResponse> out) {
            reply(out, StatusResponse.newBuilder().setNodeId("n1").setRole(NodeRole.NODE_ROLE_LEADER).setLeaderId("n1")
                .setTerm(3).setCommitIndex(20).setAppliedIndex(20).setServingLocalReads(true)
                .addMembers(Member.newBuilder().setNodeId("n1").setApiAddress(address()))
                .addMembers(Member.newBuilder().setNodeId("n2").setApiAddress(deadMember))
                .build());
        }

        @Override
        public void snapshot(final SnapshotRequest r, final StreamObserver<SnapshotResponse> out) {
            received.add(r);
            reply(out, SnapshotResponse.newBuilder().setSnapshotIndex(20).build());
        }

        @Override
        public void transferLeadership(final TransferLeadershipRequest r,
                                       final StreamObserver<TransferLeadershipResponse> out) {
            received.add(r);
            reply(out, TransferLeadershipResponse.newBuilder().setLeaderId(r.getNodeId()).build());
        }

        @Override
        public void addMember(final AddMemberRequest r, final StreamObserver<MembershipResponse> out) {
            received.add(r);
            reply(out, MembershipResponse.newBuilder().setChanged(true).setLeaderId("n1")
                .addMembers(Member.newBuilder().setNodeId("n1").setApiAddress(address()).setRaftAddress("h1:7100"))
                .addMembers(Member.newBuilder().setNodeId(r.getNodeId()).setApiAddress(r.getApiAddress())
                    .setRaftAddress(r.getRaftAddress()))
                .build());
        }

        @Override
        public void removeMember(final RemoveMemberRequest r, final StreamObserver<MembershipResponse> out) {
            received.add(r);
            if ("n1".equals(r.getNodeId())) {
                out.onError(Errors.of(Status.Code.FAILED_PRECONDITION, ErrorReason.MEMBERSHIP_QUORUM, Map.of(), "last member"));
                return;
            }
            reply(out, MembershipResponse.newBuilder().setChanged(false).setLeaderId("n1")
                .addMembers(Member.newBuilder().setNodeId("n1").setApiAddress(address()).setRaftAddress("h1:7100"))
                .build());
        }
    }
}
