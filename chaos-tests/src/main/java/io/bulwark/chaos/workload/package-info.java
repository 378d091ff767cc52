/**
 * Runs against a live cluster that record histories: client workers invoking sessions, revocations
 * and checks at LOCAL / AT_LEAST / LINEARIZABLE on different nodes ({@link io.bulwark.chaos.workload.MixedWorkload}),
 * a nemesis schedule ({@link io.bulwark.chaos.workload.NemesisSchedule}), post-heal final reads of
 * every node ({@link io.bulwark.chaos.workload.FinalState}), all stamped on one runner clock by the
 * {@link io.bulwark.chaos.workload.Recorder}; {@link io.bulwark.chaos.workload.ChaosRun} ties them
 * together, checks the history and writes the report.
 */
package io.bulwark.chaos.workload;
