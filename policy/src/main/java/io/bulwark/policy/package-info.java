/**
 * Policy as code: Bulwark's bundle language and everything that works on it, as a plain library
 * (no Ratis, no gRPC server, no Chronicle) that the CLI and the node share.
 *
 * <h2>Architecture</h2>
 * <pre>
 *   *.policy files ──lang.Parser──▶ Ast ──compile.PolicyCompiler──▶ CompiledBundle (proto) + sha256
 *                                          (resolve names, cycles,        │
 *                                           CEL type-check, canonical)    ├─ sign.BundleSigner ─▶ signed envelope
 *                                                                         │     (detached JWS over the hash)
 *                                                                         ├─ eval.CompiledPolicy (built once)
 *                                                                         │     └─ evaluate(principal, request, nowMs)
 *                                                                         ├─ jwt.TokenVerifier (issuers' JWKS)
 *                                                                         ├─ testing.BundleTestRunner
 *                                                                         └─ diff.BundleDiff
 *   fmt.BundleFormatter: Ast ─▶ canonical source text
 * </pre>
 *
 * <ul>
 *   <li>{@code lang}: lexer, recursive-descent parser, syntax tree, positioned errors;</li>
 *   <li>{@code compile}: resolution, CEL type-checking, canonical compiled bundle and content hash;</li>
 *   <li>{@code eval}: the hot-path evaluator — route matcher, role grants, rule precedence;</li>
 *   <li>{@code testing}: the offline test runner behind {@code bulwark bundle test};</li>
 *   <li>{@code sign}: signed-bundle envelope, signing and verification against trusted keys;</li>
 *   <li>{@code jwt}: JWT verification for checks, with a verified-token cache;</li>
 *   <li>{@code fmt}, {@code diff}: formatter and structural diff, pure functions.</li>
 * </ul>
 *
 * <p>Determinism: compilation output depends only on the sources (sorted by path), never on time,
 * host or map iteration order. Evaluation takes time as {@code nowMs}; nothing reads a clock.
 * The language itself is documented in {@code docs/policy-language.md}.
 */
package io.bulwark.policy;
