/**
 * The load generator: drives a Bulwark cluster (and, later, its peers) over raw gRPC stubs so
 * every target sees the same client shape.
 *
 * <p>Two drivers: {@link io.bulwark.bench.load.ClosedLoopDriver} keeps N requests in flight
 * (throughput at a fixed concurrency); {@link io.bulwark.bench.load.OpenLoopDriver} issues at a
 * fixed rate and measures each latency from the request's <em>intended</em> start, so a stalled
 * server is charged for the requests it delayed (coordinated-omission correction). Latencies go
 * into HdrHistogram {@code Recorder}s in microseconds.
 */
package io.bulwark.bench.load;
