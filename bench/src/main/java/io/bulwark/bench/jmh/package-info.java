/**
 * JMH benchmarks of the hot paths, run with {@code bench/bin/jmh} (which adds {@code -prof gc}
 * so every result reports bytes allocated per operation beside the time).
 */
package io.bulwark.bench.jmh;
