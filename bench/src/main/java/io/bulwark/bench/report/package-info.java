/**
 * The envelope every benchmark result file in {@code docs/benchmarks/} shares: when and where it
 * was measured ({@link io.bulwark.bench.report.Machine}), and one row per project target
 * ({@link io.bulwark.bench.report.TargetResult}) with the measured value, the limit and pass/fail,
 * so a report (the comparison command, the docs) reads every file the same way. The JSON itself is
 * written by {@link io.bulwark.bench.load.Json}.
 */
package io.bulwark.bench.report;
