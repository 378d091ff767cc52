/**
 * The compiler: {@link io.bulwark.policy.compile.PolicyCompiler} resolves a parsed bundle (duplicates,
 * unknown roles/issuers/rules, inheritance cycles, routes, JWKS), type-checks every CEL expression and
 * produces the canonical {@code bulwark.policy.v1.CompiledBundle} with its SHA-256 content hash
 * ({@link io.bulwark.policy.compile.BundleHash}).
 */
package io.bulwark.policy.compile;
