package io.bulwark.bench.load;

import com.google.common.util.concurrent.FutureCallback;
import io.grpc.Status;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Thread-safe sink for request outcomes during one run. */
final class Outcomes {
    private static final long MAX_LATENCY_US = 60_000_000L;

    final Recorder recorder = new Recorder(MAX_LATENCY_US, 3);
    final LongAdder ok = new LongAdder();
    final LongAdder errors = new LongAdder();
    final Map<String, AtomicLong> errorsByKind = new ConcurrentHashMap<>();

    void success(long startNs, long endNs) {
        recorder.recordValue(Math.min(MAX_LATENCY_US, Math.max(1, (endNs - startNs) / 1000)));
        ok.increment();
    }

    void failure(Throwable t) {
        errors.increment();
        Status status = Status.fromThrowable(t);
        String kind;
        if (t instanceof BulwarkTarget.UnexpectedDecision) {
            kind = "DECISION_" + t.getMessage();
        } else if (status.getCode() == Status.Code.UNKNOWN) {
            kind = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ":" + t.getMessage());
        } else {
            kind = status.getCode().name();
        }
        errorsByKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    }

    /** A callback that records the outcome of a request that was (meant to be) started at {@code startNs}. */
    FutureCallback<Object> callback(long startNs, Runnable then) {
        return new FutureCallback<>() {
            @Override
            public void onSuccess(Object result) {
                success(startNs, System.nanoTime());
                then.run();
            }

            @Override
            public void onFailure(Throwable t) {
                failure(t);
                then.run();
            }
        };
    }

    Map<String, Long> errorCounts() {
        Map<String, Long> m = new java.util.TreeMap<>();
        errorsByKind.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }
}
