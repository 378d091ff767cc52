/**
 * The evaluator: {@link io.bulwark.policy.eval.CompiledPolicy} is built once per bundle version and
 * decides requests on the hot path with caller-reused {@link io.bulwark.policy.eval.PolicyRequest} and
 * {@link io.bulwark.policy.eval.PolicyDecision} objects. Also the CEL environment shared with the
 * compiler ({@link io.bulwark.policy.eval.PolicyCelEnv}) and the route matcher.
 */
package io.bulwark.policy.eval;
