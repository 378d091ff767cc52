package io.bulwark.bench.load;

import com.google.common.util.concurrent.ListenableFuture;

/** One kind of request a driver issues; {@code seq} numbers the requests of a run from 0. */
@FunctionalInterface
public interface Operation {
    ListenableFuture<?> issue(long seq);
}
