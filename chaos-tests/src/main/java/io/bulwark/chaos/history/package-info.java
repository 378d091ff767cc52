/**
 * The history of a run: {@link io.bulwark.chaos.history.Op} records (invoke / ok / fail / info) on
 * one runner clock, written and read as strict JSON lines, and {@link io.bulwark.chaos.history.History},
 * which pairs each invocation with its completion into a {@link io.bulwark.chaos.history.Call}.
 * Nemesis events are ops of process {@code "nemesis"} with {@code f} = start or stop and the fault
 * name as value.
 */
package io.bulwark.chaos.history;
