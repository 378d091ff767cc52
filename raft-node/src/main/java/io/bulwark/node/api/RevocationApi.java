package io.bulwark.node.api;

import io.bulwark.api.v1.GetRevocationRequest;
import io.bulwark.api.v1.GetRevocationResponse;
import io.bulwark.api.v1.RevocationServiceGrpc;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeResponse;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.RevocationKind;
import io.grpc.stub.StreamObserver;


/** RevocationService: Revoke through group commit, GetRevocation from the local replica. */
public final class RevocationApi extends RevocationServiceGrpc.RevocationServiceImplBase {

    private final ServiceContext ctx;

    RevocationApi(ServiceContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void revoke(RevokeRequest request, StreamObserver<RevokeResponse> observer) {
        try {
            final CommandHeader header = ctx.edge().header(ctx.actor(), request.getWrite(), ctx.clock().millis());
            final Command command = ctx.edge().revoke(header, request);
            Replies.when(ctx.writes().submit(command).thenApply(result -> RevokeResponse.newBuilder()
                    .setWrite(WriteGateway.writeResult(result))
                    .build()), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }

    @Override
    public void getRevocation(GetRevocationRequest request, StreamObserver<GetRevocationResponse> observer) {
        try {
            final RevocationKind kind = EdgeCommands.kindOf(request.getTarget());
            final byte[] keyHash = EdgeCommands.keyHashOf(request.getTarget());
            Replies.when(ctx.reads().read(request.getRead(), () -> {
                final long applied = ctx.state().lastAppliedIndex();
                return ctx.state().getRevocation(kind, keyHash)
                        .setMeta(ctx.meta(applied))
                        .build();
            }), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }
}
