package io.bulwark.bench.compare;

import io.bulwark.bench.load.RunStats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured run of one side, with the CPU it cost.
 *
 * @param serverCpuUsPerOp CPU time of the side's server processes per successful operation (µs)
 * @param clientCpuUsPerOp CPU time of the load generator's JVM per successful operation (µs)
 * @param otherCores       CPU used meanwhile by every other process on the box, in cores
 * @param attempts         how many times it was run (more than 1: earlier attempts were noisy)
 * @param noisy            other processes used more than the threshold even in the last attempt
 */
record Repetition(RunStats stats, double serverCpuUsPerOp, double clientCpuUsPerOp, double otherCores,
                  int attempts, boolean noisy) {

    double throughput() {
        return stats.throughputPerSec();
    }

    double p99Ms() {
        return stats.percentileMs(99);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>(stats.toMap());
        m.put("server_cpu_us_per_op", serverCpuUsPerOp);
        m.put("client_cpu_us_per_op", clientCpuUsPerOp);
        m.put("other_processes_cores", otherCores);
        m.put("attempts", attempts);
        m.put("noisy", noisy);
        return m;
    }
}
