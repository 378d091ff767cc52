/**
 * The replicated apply path, as a short visible chain:
 * {@link io.bulwark.state.apply.CommandDispatcher} (header rules, idempotency through the
 * {@link io.bulwark.state.apply.RequestLedger}, one {@code switch} over {@code Command.body})
 * then one small applier per domain ({@link io.bulwark.state.apply.SessionApplier},
 * {@link io.bulwark.state.apply.RevocationApplier}, {@link io.bulwark.state.apply.PurgeApplier})
 * then a {@code CommandResult} value.
 *
 * <p>Determinism: appliers read time only from the command header, never iterate a table in a
 * way whose order affects the outcome, and decide "table full" from row counts. A business
 * rejection is a result value and changes nothing; an exception means the replica is broken.
 * Single-threaded: only the apply thread calls into this package.
 */
package io.bulwark.state.apply;
