/**
 * {@code bench/bin/recovery}: scale and recovery figures measured on a real local 3-node cluster
 * that the tool starts and stops itself ({@link io.bulwark.bench.recovery.LocalCluster}) —
 * heap and RSS per node as rows are loaded through the write path
 * ({@link io.bulwark.bench.recovery.BulkLoader}), snapshot and restart times, leader failover
 * ({@link io.bulwark.bench.recovery.FailoverProbe}) and revocation propagation
 * ({@link io.bulwark.bench.recovery.PropagationProbe}). Results go to
 * {@code docs/benchmarks/scale-latest.json} and {@code recovery-latest.json}; the method and the
 * latest numbers are in {@code docs/PERFORMANCE.md}.
 */
package io.bulwark.bench.recovery;
