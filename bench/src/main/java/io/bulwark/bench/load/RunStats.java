package io.bulwark.bench.load;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one measured run produced: counts, throughput and the latency distribution (µs).
 *
 * @param errorsByKind errors counted by gRPC status code name (or exception class)
 */
public record RunStats(String workload, String mode, int inFlight, double targetRatePerSec,
                       double durationSec, long ok, long errors, Map<String, Long> errorsByKind,
                       Histogram latencyUs) {

    public double throughputPerSec() {
        return ok / durationSec;
    }

    public double percentileMs(double p) {
        return latencyUs.getValueAtPercentile(p) / 1000.0;
    }

    /** A flat map for the JSON result file. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", workload);
        m.put("mode", mode);
        m.put("in_flight", inFlight);
        m.put("target_rate_per_sec", targetRatePerSec);
        m.put("duration_sec", durationSec);
        m.put("ok", ok);
        m.put("errors", errors);
        m.put("errors_by_kind", errorsByKind);
        m.put("throughput_per_sec", Math.round(throughputPerSec()));
        m.put("p50_ms", percentileMs(50));
        m.put("p90_ms", percentileMs(90));
        m.put("p99_ms", percentileMs(99));
        m.put("p999_ms", percentileMs(99.9));
        m.put("max_ms", latencyUs.getMaxValue() / 1000.0);
        return m;
    }

    public String summaryLine() {
        return String.format("%-22s %-6s in-flight=%-4d ok=%-9d err=%-6d %10.0f/s  p50=%.3fms p90=%.3fms p99=%.3fms p99.9=%.3fms max=%.3fms",
                workload, mode, inFlight, ok, errors, throughputPerSec(), percentileMs(50), percentileMs(90),
                percentileMs(99), percentileMs(99.9), latencyUs.getMaxValue() / 1000.0);
    }
}
