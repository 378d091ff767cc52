/**
 * Snapshots and the state digest, in the format of {@code bulwark/replication/v1/snapshot.proto}:
 * magic {@code BWSNAP01}, a length-delimited header (format version, applied index, term, row
 * counts), one length-delimited record per row, table by table, and a trailer holding the record
 * count, the CRC-32C of every preceding byte and the state digest.
 *
 * <p><b>Bounded heap.</b> Format version 3 (written now) streams each off-heap table in Chronicle
 * Map's own iteration order, straight from the map through one pair of scratch buffers, and folds
 * the {@link io.bulwark.state.snapshot.StateDigest} in the same pass. That digest is order
 * independent: per row {@code SHA-256(table name || 0x00 || key || value length (4 bytes,
 * big-endian) || value)}, summed per table as 256-bit integers mod 2^256, then one SHA-256 over
 * {@code "BWDIGEST2"} and, per table in fixed order, name, 0x00, row count (8 bytes) and sum. Neither
 * writing nor digesting sorts, so neither needs heap in proportion to the rows; loading rebuilds
 * the subject index in rounds of a bounded number of sessions. The bundle tables (a few rows, on
 * the heap) are still written in ascending key order, and the reader still requires it.
 *
 * <p><b>What the checks are for.</b> The CRC-32C catches a damaged file; the digest, recomputed
 * after load, proves the loaded tables (and the rebuilt subject index) equal the state that was
 * written, and lets replicas compare their state ({@code GetStateDigest}). Neither is a MAC: both
 * guard against faults and bugs, not against someone who can write the file.
 *
 * <p><b>Determinism.</b> The same state always yields the same digest; it no longer always yields
 * the same bytes, since Chronicle's order depends on a table's capacity and history.
 *
 * <p><b>Written while apply goes on.</b> {@link io.bulwark.state.snapshot.StateCapture} fixes the
 * state at one applied index in an instant; the writer then reads each off-heap table a Chronicle
 * segment at a time through a {@link io.bulwark.state.table.TableCapture}, which hands it the old
 * value of any row apply changed before the writer got there. So the file is the state at its
 * index exactly, and apply waits at most for one segment's copy instead of the whole write.
 *
 * <p><b>Earlier versions.</b> Versions 1 and 2 (every table in ascending key order, a sequential
 * SHA-256 over the rows, {@link io.bulwark.state.snapshot.LegacyStateDigest}) still load, so a node
 * upgraded in place restores the snapshot it has; verifying them sorts each table in the heap,
 * once. Nothing writes them any more.
 */
package io.bulwark.state.snapshot;
