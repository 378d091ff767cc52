/**
 * Nemeses: faults injected into a running {@link io.bulwark.chaos.harness.NodeCluster} and healed
 * again. Each has a stable name (the fault name in the history's nemesis events) and a start/stop
 * pair; {@link io.bulwark.chaos.nemesis.Nemeses} lists the ones built and finds one by name.
 */
package io.bulwark.chaos.nemesis;
