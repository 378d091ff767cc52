/**
 * The container harness: a cluster of bulwark-node containers started with Testcontainers on one
 * Docker network ({@link io.bulwark.chaos.harness.NodeCluster}), each with its own data volume and a
 * config generated for the container hostnames, plus one gRPC channel per node for the workloads
 * ({@link io.bulwark.chaos.harness.NodeChannels}). The primitive faults the nemeses compose (SIGKILL,
 * restart, pause, iptables rules, clock offset) are methods of the cluster, so a nemesis says what it
 * does and not how Docker does it.
 */
package io.bulwark.chaos.harness;
