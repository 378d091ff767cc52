package io.bulwark.node.api;

import io.bulwark.api.v1.CreateSessionRequest;
import io.bulwark.api.v1.CreateSessionResponse;
import io.bulwark.api.v1.ErrorReason;
import io.bulwark.api.v1.GetSessionRequest;
import io.bulwark.api.v1.GetSessionResponse;
import io.bulwark.api.v1.ListSessionsRequest;
import io.bulwark.api.v1.ListSessionsResponse;
import io.bulwark.api.v1.RevokeSessionRequest;
import io.bulwark.api.v1.RevokeSessionResponse;
import io.bulwark.api.v1.Session;
import io.bulwark.api.v1.SessionServiceGrpc;
import io.bulwark.api.v1.TouchSessionRequest;
import io.bulwark.api.v1.TouchSessionResponse;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.state.validate.FieldRules;
import io.bulwark.state.validate.Hashes;
import io.bulwark.state.validate.Limits;
import io.bulwark.state.validate.Violation;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.security.SecureRandom;
import java.util.Base64;

/** SessionService: writes through group commit, reads from the local replica per consistency. */
public final class SessionApi extends SessionServiceGrpc.SessionServiceImplBase {

    private static final int GENERATED_ID_BYTES = 32;

    private final ServiceContext ctx;
    private final SecureRandom random = new SecureRandom();

    SessionApi(ServiceContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void createSession(CreateSessionRequest request, StreamObserver<CreateSessionResponse> observer) {
        try {
            final String sessionId;
            if (request.getSessionId().isEmpty()) {
                final byte[] bits = new byte[GENERATED_ID_BYTES];
                random.nextBytes(bits);
                sessionId = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
            } else {
                EdgeCommands.checkSessionId("session_id", request.getSessionId());
                sessionId = request.getSessionId();
            }
            final CommandHeader header = ctx.edge().header(ctx.actor(), request.getWrite(), ctx.clock().millis());
            final Command command = ctx.edge().createSession(header, sessionId, request.getSubject(), request.getTtlMs());
            final String ref = Hashes.toRef(command.getCreateSession().getSessionHash());
            Replies.when(ctx.writes().submit(command).thenApply(result -> {
                final Session.Builder session = result.getSession().toBuilder();
                // A retry whose first reply was lost gets the original session; the id is returned only if it
                // is the one this call sent (a server-generated id of the first attempt cannot be recovered).
                if (session.getSessionRef().equals(ref)) {
                    session.setSessionId(sessionId);
                }
                return CreateSessionResponse.newBuilder()
                        .setSession(session)
                        .setWrite(WriteGateway.writeResult(result))
                        .build();
            }), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    @Override
    public void getSession(GetSessionRequest request, StreamObserver<GetSessionResponse> observer) {
        try {
            final byte[] hash = EdgeCommands.sessionHash(request.getSession(), "session");
            Replies.when(ctx.reads().read(request.getRead(), () -> {
                final long applied = ctx.state().lastAppliedIndex();
                final Session session = ctx.state().getSession(hash, ctx.clock().millis());
                if (session == null) {
                    throw new ApiException(Status.Code.NOT_FOUND, ErrorReason.SESSION_NOT_FOUND, "no such session");
                }
                return GetSessionResponse.newBuilder().setSession(session).setMeta(ctx.meta(applied)).build();
            }), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    @Override
    public void touchSession(TouchSessionRequest request, StreamObserver<TouchSessionResponse> observer) {
        try {
            final CommandHeader header = ctx.edge().header(ctx.actor(), request.getWrite(), ctx.clock().millis());
            final Command command = ctx.edge().touchSession(header, request.getSession(), request.getTtlMs());
            Replies.when(ctx.writes().submit(command).thenApply(result -> TouchSessionResponse.newBuilder()
                    .setSession(result.getSession())
                    .setWrite(WriteGateway.writeResult(result))
                    .build()), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    @Override
    public void listSessions(ListSessionsRequest request, StreamObserver<ListSessionsResponse> observer) {
        try {
            final Violation v = FieldRules.subject("subject", request.getSubject());
            if (v != null) {
                throw ErrorMapper.forViolation(v);
            }
            final int limit = request.getLimit() == 0 ? Limits.DEFAULT_LIST_LIMIT : request.getLimit();
            if (limit < 1 || limit > Limits.MAX_LIST_LIMIT) {
                throw ApiException.invalid(ErrorReason.FIELD_MALFORMED, "limit",
                        "limit must be 1-" + Limits.MAX_LIST_LIMIT + " (0 means " + Limits.DEFAULT_LIST_LIMIT + ")");
            }
            Replies.when(ctx.reads().read(request.getRead(), () -> {
                final long applied = ctx.state().lastAppliedIndex();
                return ctx.state().listSessions(request.getSubject(), limit, ctx.clock().millis()).setMeta(ctx.meta(applied)).build();
            }), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    @Override
    public void revokeSession(RevokeSessionRequest request, StreamObserver<RevokeSessionResponse> observer) {
        try {
            final CommandHeader header = ctx.edge().header(ctx.actor(), request.getWrite(), ctx.clock().millis());
            final Command command = ctx.edge().revokeSession(header, request.getSession(), request.getReasonValue());
            Replies.when(ctx.writes().submit(command).thenApply(result -> RevokeSessionResponse.newBuilder()
                    .setWrite(WriteGateway.writeResult(result))
                    .build()), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

}
