package io.bulwark.node.api;

import io.bulwark.api.v1.GetRevocationRequest;
import io.bulwark.api.v1.GetRevocationResponse;
import io.bulwark.api.v1.ReadMeta;
import io.bulwark.api.v1.RevocationServiceGrpc;
import io.bulwark.api.v1.RevokeRequest;
import io.bulwark.api.v1.RevokeResponse;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandHeader;
import io.bulwark.replication.v1.RevocationKind;
import io.bulwark.state.BulwarkState;
import io.grpc.stub.StreamObserver;

import java.time.Clock;

/** RevocationService: Revoke through group commit, GetRevocation from the local replica. */
public final class RevocationApi extends RevocationServiceGrpc.RevocationServiceImplBase {

    private final BulwarkState state;
    private final EdgeCommands edge;
    private final WriteGateway writes;
    private final ReadCoordinator reads;
    private final Clock clock;
    private final String nodeId;
    private final String actor;

    RevocationApi(BulwarkState state, EdgeCommands edge, WriteGateway writes, ReadCoordinator reads, Clock clock,
                  String nodeId, String actor) {
        this.state = state;
        this.edge = edge;
        this.writes = writes;
        this.reads = reads;
        this.clock = clock;
        this.nodeId = nodeId;
        this.actor = actor;
    }

    @Override
    public void revoke(RevokeRequest request, StreamObserver<RevokeResponse> observer) {
        try {
            final CommandHeader header = edge.header(actor, request.getWrite(), clock.millis());
            final Command command = edge.revoke(header, request);
            Replies.when(writes.submit(command).thenApply(result -> RevokeResponse.newBuilder()
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
            Replies.when(reads.read(request.getRead(), () -> {
                final long applied = state.lastAppliedIndex();
                return state.getRevocation(kind, keyHash)
                        .setMeta(ReadMeta.newBuilder().setAppliedIndex(applied).setNodeId(nodeId))
                        .build();
            }), observer);
        } catch (RuntimeException e) {
            Replies.fail(observer, e);
        }
    }
}
