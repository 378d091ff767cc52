package io.bulwark.node.api;

import io.grpc.stub.StreamObserver;

import java.util.concurrent.CompletableFuture;

/** Sends a unary reply, or the mapped error, exactly once. */
final class Replies {

    private Replies() {
    }

    static <T> void send(StreamObserver<T> observer, T value) {
        observer.onNext(value);
        observer.onCompleted();
    }

    static void fail(StreamObserver<?> observer, Throwable error) {
        observer.onError(ErrorMapper.toStatus(error));
    }

    /** Replies when {@code future} completes. */
    static <T> void when(CompletableFuture<T> future, StreamObserver<T> observer) {
        future.whenComplete((value, error) -> {
            if (error != null) {
                fail(observer, error);
            } else {
                send(observer, value);
            }
        });
    }
}
