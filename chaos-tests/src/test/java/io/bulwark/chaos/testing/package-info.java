/**
 * Test fixtures that write histories: {@link io.bulwark.chaos.testing.Scenario} for hand-made ones
 * (times in milliseconds, records interleaved on build) and
 * {@link io.bulwark.chaos.testing.RegisterSimulation} for large, linearizable-by-construction ones.
 */
package io.bulwark.chaos.testing;
