/**
 * JMH benchmarks of the hot paths, run with {@code bench/bin/jmh} (which adds {@code -prof gc}
 * so every result reports bytes allocated per operation beside the time). {@code CheckBenchmark}
 * measures the store's check alone, {@code PolicyEvaluationBenchmark} the example bundle's rules,
 * {@code TokenVerificationBenchmark} JWT verification with and without the verified-token cache, and
 * {@code BearerCheckBenchmark} the three composed; results and the targets they are held to are in
 * {@code docs/PERFORMANCE.md}.
 */
package io.bulwark.bench.jmh;
