/**
 * {@code bench/bin/compare}'s measuring half: Bulwark against etcd, Redis and a bare gRPC echo,
 * each pair run in alternation (A B A B …) with the same client shape, server CPU per operation read
 * from {@code /proc}, runs during which other processes used the CPU retried or marked noisy, and
 * the results written as JSON, a markdown table, PNG charts and the issue #5 target report.
 *
 * <p>{@link io.bulwark.bench.compare.Comparison} is the entry point; {@link io.bulwark.bench.compare.Runner}
 * runs the rounds; {@link io.bulwark.bench.compare.Targets} judges the targets (this run's ratios, and
 * the JMH/scale/recovery tools' {@code *-latest.json} files for the rest).
 */
package io.bulwark.bench.compare;
