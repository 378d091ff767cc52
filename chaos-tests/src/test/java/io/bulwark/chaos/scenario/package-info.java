/**
 * The container scenarios (tagged {@code chaos}, run with {@code -Pchaos}; docs/TESTING.md has the
 * matrix): the nemesis matrix over the mixed workload, gated by the checkers, and the directed
 * scenario that turns on the node's unsafe-read switch and must be caught.
 */
package io.bulwark.chaos.scenario;
