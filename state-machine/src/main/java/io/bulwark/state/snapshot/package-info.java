/**
 * Snapshots and the state digest, in the format of {@code bulwark/replication/v1/snapshot.proto}:
 * magic {@code BWSNAP01}, a length-delimited header (format version, applied index, term, row
 * counts), one length-delimited record per row, table by table in ascending key order, and a
 * trailer holding the record count, the CRC-32C of every preceding byte and the state digest.
 *
 * <p>The same state always produces the same bytes. The subject index is not written: loading
 * rebuilds it from the sessions, and the digest (which covers it) proves the rebuild matches.
 * Callers pause apply while writing: rows are read table by table, not at one instant.
 */
package io.bulwark.state.snapshot;
