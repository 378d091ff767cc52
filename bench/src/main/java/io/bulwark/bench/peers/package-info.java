/**
 * The peers Bulwark is compared with, driven with the load generator's client shape (grpc-java
 * channels or one multiplexed connection, N requests in flight, closed or open loop):
 * {@link io.bulwark.bench.peers.EtcdTarget} (etcd v3 on its raw gRPC stubs),
 * {@link io.bulwark.bench.peers.RedisTarget} (lettuce, INCR + EXPIRE pipelined) and
 * {@link io.bulwark.bench.peers.EchoServer}/{@link io.bulwark.bench.peers.EchoTarget} (a bare gRPC
 * echo: the ceiling for a gRPC call on the machine). The servers themselves are started by
 * {@code bench/bin/compare}.
 */
package io.bulwark.bench.peers;
