/**
 * The check hot path: {@link io.bulwark.state.check.CheckEvaluator} judges one presented
 * credential (a session id, or the claims of a token the caller verified) against the local
 * tables at a caller-supplied {@code nowMs}. Inputs and outcomes are mutable holders reused per
 * thread, and the evaluator hashes and reads rows through per-thread buffers, so a check
 * allocates nothing beyond the subject String of a session hit.
 */
package io.bulwark.state.check;
