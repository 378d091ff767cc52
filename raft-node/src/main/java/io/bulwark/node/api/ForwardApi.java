package io.bulwark.node.api;

import io.bulwark.node.write.CommandBatcher;
import io.bulwark.node.write.ReplicationException;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.CommandBatch;
import io.bulwark.replication.v1.CommandResult;
import io.bulwark.replication.v1.ForwardFailure;
import io.bulwark.replication.v1.ForwardFailureKind;
import io.bulwark.replication.v1.ForwardReply;
import io.bulwark.replication.v1.ForwardRequest;
import io.bulwark.replication.v1.ForwardServiceGrpc;
import io.bulwark.replication.v1.ForwardedResult;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The leader's end of write forwarding ({@code bulwark.replication.v1.ForwardService}): every
 * forwarded command joins this node's group commit as if a client had sent it here, and the reply
 * carries each command's own outcome once all of them are settled.
 *
 * <p>A node that does not lead answers FAILED_PRECONDITION before touching anything, which tells
 * the sender it may propose the batch another way. Leader-only commands (purge) and commands
 * without a header or body are refused with INVALID_ARGUMENT: the service is reachable on the API
 * port, and only a leader decides when rows expire. Like the Raft port, it is not authenticated
 * yet (mTLS between members is future work, DESIGN.md "Security of the store itself").
 */
final class ForwardApi extends ForwardServiceGrpc.ForwardServiceImplBase {

    private final CommandBatcher batcher;
    private final BooleanSupplier isLeader;

    ForwardApi(CommandBatcher batcher, BooleanSupplier isLeader) {
        this.batcher = batcher;
        this.isLeader = isLeader;
    }

    @Override
    public void forward(ForwardRequest request, StreamObserver<ForwardReply> observer) {
        if (!isLeader.getAsBoolean()) {
            observer.onError(Status.FAILED_PRECONDITION.withDescription("not the leader").asRuntimeException());
            return;
        }
        final CommandBatch batch = request.getBatch();
        final String problem = problem(batch);
        if (problem != null) {
            observer.onError(Status.INVALID_ARGUMENT.withDescription(problem).asRuntimeException());
            return;
        }
        final int n = batch.getCommandsCount();
        final ForwardedResult[] outcomes = new ForwardedResult[n];
        final AtomicInteger pending = new AtomicInteger(n);
        for (int i = 0; i < n; i++) {
            final int slot = i;
            final CompletableFuture<CommandResult> submitted = batcher.submit(batch.getCommands(i));
            submitted.whenComplete((result, error) -> {
                outcomes[slot] = error == null
                        ? ForwardedResult.newBuilder().setResult(result).build()
                        : ForwardedResult.newBuilder().setFailure(failure(error)).build();
                if (pending.decrementAndGet() == 0) {
                    // The decrement publishes every slot written before it to this thread.
                    final ForwardReply.Builder reply = ForwardReply.newBuilder();
                    for (ForwardedResult o : outcomes) {
                        reply.addResults(o);
                    }
                    Replies.send(observer, reply.build());
                }
            });
        }
    }

    /** Null when the batch may join this leader's group commit, otherwise why not. */
    static String problem(CommandBatch batch) {
        if (batch.getCommandsCount() == 0) {
            return "empty batch";
        }
        for (int i = 0; i < batch.getCommandsCount(); i++) {
            final Command c = batch.getCommands(i);
            if (!c.hasHeader() || c.getBodyCase() == Command.BodyCase.BODY_NOT_SET) {
                return "command " + i + " has no header or no body";
            }
            if (c.getBodyCase() == Command.BodyCase.PURGE_EXPIRED) {
                return "command " + i + " is leader-only (purge)";
            }
        }
        return null;
    }

    static ForwardFailure failure(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        final ForwardFailureKind kind;
        if (t instanceof ReplicationException r) {
            kind = switch (r.kind()) {
                case NO_LEADER -> ForwardFailureKind.FORWARD_FAILURE_KIND_NO_LEADER;
                case TIMEOUT -> ForwardFailureKind.FORWARD_FAILURE_KIND_TIMEOUT;
                case NOT_READY -> ForwardFailureKind.FORWARD_FAILURE_KIND_NOT_READY;
                case REJECTED -> ForwardFailureKind.FORWARD_FAILURE_KIND_REJECTED;
                case INTERNAL -> ForwardFailureKind.FORWARD_FAILURE_KIND_INTERNAL;
            };
        } else {
            kind = ForwardFailureKind.FORWARD_FAILURE_KIND_INTERNAL;
        }
        return ForwardFailure.newBuilder().setKind(kind)
                .setDetail(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()).build();
    }
}
