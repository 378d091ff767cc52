/**
 * Bulwark's deterministic core: the replicated tables, the apply path, the read and check paths,
 * and snapshots. It knows nothing of Ratis, gRPC or the network — only protobuf, the JDK, Agrona
 * and Chronicle Map — so all of it runs in a plain unit test.
 *
 * <h2>Facade</h2>
 * {@link io.bulwark.state.BulwarkState} is the one entry point the node uses: {@code apply(index,
 * batch)} from the Raft apply thread, {@code check}/{@code getSession}/{@code listSessions}/
 * {@code getRevocation}/{@code admitBundle}/{@code listBundleVersions}/{@code bundleStatus} from
 * any thread, {@code writeSnapshot}/{@code loadSnapshot}/{@code digest}
 * for Raft snapshots. {@link io.bulwark.state.StateConfig} sizes the tables; every replica of a
 * cluster must use the same one, because "table full" is part of the state transition.
 *
 * <h2>Packages, in the order data flows</h2>
 * <ul>
 *   <li>{@code validate} — input rules and credential hashing shared with the node's edge
 *       ({@code Limits}, {@code FieldRules}, {@code CommandValidator}, {@code Hashes}).</li>
 *   <li>{@code apply} — dispatch (one {@code switch} over {@code Command.body}) after header rules
 *       and idempotency, then one applier per domain, then a {@code CommandResult} value.</li>
 *   <li>{@code record} — fixed-layout little-endian row codecs (Agrona flyweights), version byte first.</li>
 *   <li>{@code table} — Chronicle Map tables (in memory; the Raft log and snapshots are the durable
 *       record) with their own row counts, and the per-subject session index.</li>
 *   <li>{@code read} and {@code check} — API views of rows, and the check: credential (a bearer
 *       JWT verified with the active bundle), revocation and session state, then the active
 *       bundle's rules ({@code PolicyCheck}).</li>
 *   <li>{@code bundle} — policy bundle versions: replicated rows in heap tables, and derived,
 *       node-local state (verification and compilation cached by content hash, the active and
 *       shadowed versions behind one volatile read, shadow flip counters).</li>
 *   <li>{@code snapshot} — the snapshot.proto stream format and the state digest.</li>
 * </ul>
 *
 * <h2>Tables</h2>
 * All keys are SHA-256 hashes ({@code revocations} prefixes the kind byte): {@code sessions},
 * {@code revocations} (TOKEN, SESSION, API_KEY), {@code subjects} (not-before cut-offs),
 * {@code requests} (idempotency outcomes, scoped per actor) and the derived {@code subject_index}
 * (subject to its sorted session hashes, bounded by {@code maxSessionsPerSubject}). No bearer
 * secret is ever stored: only its hash, shown as a lowercase hex "ref". The bundle tables
 * ({@code bundle_versions}, {@code bundle_pointers}, {@code bundle_history}) are small heap tables
 * snapshotted and digested after the off-heap ones; the trusted signing keys and the versions bound
 * ({@code PolicySettings}) must be equal on every replica, like the capacities.
 *
 * <h2>Rules that keep replicas identical</h2>
 * Time comes only from {@code CommandHeader.proposer_time_ms}; capacities are checked against row
 * counts, never by letting Chronicle fail; purge collects every qualifying row before removing
 * any; snapshots and digests walk rows in Chronicle's order but nothing depends on it (the digest
 * is a sum over rows, and a snapshot loads to the same rows in any order); a rejected command is a
 * result value that changes nothing, and an exception from apply means the replica is broken.
 *
 * <h2>Threading</h2>
 * One apply thread; readers run concurrently and see whole rows, possibly a half-applied batch.
 * {@code lastAppliedIndex} is volatile and moves after a whole batch. Apply, snapshot capture and
 * load, and digest share one monitor. A snapshot is captured under it between two batches and then
 * written by another thread while apply goes on: apply keeps the old value of each row it changes
 * before the writer has read it ({@code table.TableCapture}). A digest still pauses apply for its
 * whole scan, so it is for occasional checks.
 */
package io.bulwark.state;
