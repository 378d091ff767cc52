/**
 * Off-heap tables on Chronicle Map (in memory, never persisted: the Raft log and snapshots are
 * the durable record). {@link io.bulwark.state.table.OffHeapTable} wraps one map of fixed-size
 * hash keys to fixed-layout value records and keeps its own row count, so "is the table full"
 * is decided from state (deterministic) and Chronicle, sized with headroom, never hits its own
 * limit. {@link io.bulwark.state.table.StateTables} holds the module's tables.
 *
 * <p>Threading: one writer (the apply thread), any number of readers; every read and write of a
 * row happens under Chronicle's per-segment lock, so readers see whole rows. A
 * {@link io.bulwark.state.table.TableCapture} lets one more thread read the rows as they were at
 * an instant (for a snapshot) while the writer goes on.
 */
package io.bulwark.state.table;
