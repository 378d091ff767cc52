package io.bulwark.node.cluster;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/** A bounded closed-loop load: {@code count} calls, at most {@code inFlight} at once. */
final class Load {

    private Load() {
    }

    /** Runs the calls; returns the first failure, or null when all succeeded. */
    static Throwable run(int count, int inFlight, IntFunction<ListenableFuture<?>> call) throws InterruptedException {
        final Semaphore permits = new Semaphore(inFlight);
        final AtomicReference<Throwable> firstError = new AtomicReference<>();
        for (int i = 0; i < count && firstError.get() == null; i++) {
            if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                return new AssertionError("no call completed within 60 s");
            }
            Futures.addCallback(call.apply(i), new FutureCallback<Object>() {
                @Override
                public void onSuccess(Object result) {
                    permits.release();
                }

                @Override
                public void onFailure(Throwable t) {
                    firstError.compareAndSet(null, t);
                    permits.release();
                }
            }, MoreExecutors.directExecutor());
        }
        if (!permits.tryAcquire(inFlight, 60, TimeUnit.SECONDS)) {
            return new AssertionError("calls still running after 60 s");
        }
        return firstError.get();
    }
}
