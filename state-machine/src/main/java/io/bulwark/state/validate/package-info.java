/**
 * Input rules shared by the node's edge validation and the state machine's apply-time
 * validation (defence in depth): one piece of code decides, so an edge-accepted command is
 * never rejected at apply for a rule the edge did not know.
 *
 * <p>{@link io.bulwark.state.validate.Limits} holds every bound as a public constant,
 * {@link io.bulwark.state.validate.FieldRules} the per-field checks,
 * {@link io.bulwark.state.validate.CommandValidator} the per-command checks, and
 * {@link io.bulwark.state.validate.Hashes} the SHA-256 keys under which credentials are stored.
 * A failed rule is a {@link io.bulwark.state.validate.Violation} value, never an exception.
 */
package io.bulwark.state.validate;
