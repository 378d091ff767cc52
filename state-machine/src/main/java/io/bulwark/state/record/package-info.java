/**
 * Fixed-layout binary value records, one codec per table, read and written through Agrona
 * {@link org.agrona.concurrent.UnsafeBuffer} flyweights. Every record starts with a format
 * version byte; fields sit at constant offsets in little-endian order whatever the platform,
 * so a row's bytes (which snapshots and digests carry verbatim) mean the same on every replica.
 *
 * <p>A flyweight is {@code wrap}ped over a reused byte array and allocates nothing to read;
 * the static {@code encode} methods build a new row for a write (apply path only).
 */
package io.bulwark.state.record;
