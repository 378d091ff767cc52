package io.bulwark.state.bundle;

import io.bulwark.policy.eval.CompiledPolicy;
import io.bulwark.policy.jwt.TokenVerifier;

/**
 * One bundle version ready for checks: its evaluator and its bearer-token verifier (with its own
 * verified-token cache). Derived state, built once per content hash per node.
 */
public record LoadedBundle(String contentHash, CompiledPolicy policy, TokenVerifier tokens) {
}
