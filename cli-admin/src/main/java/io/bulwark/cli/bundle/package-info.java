/**
 * {@code bulwark bundle ...}: policy bundles as code, entirely offline (no cluster, no network).
 *
 * <p>Each verb is one small command class over the {@code policy} library: {@code fmt}
 * ({@link io.bulwark.policy.fmt.BundleFormatter}), {@code validate} and {@code build}
 * ({@link io.bulwark.policy.compile.PolicyCompiler}), {@code test}
 * ({@link io.bulwark.policy.testing.BundleTestRunner}), {@code sign} / {@code verify}
 * ({@link io.bulwark.policy.sign.BundleSigner}, {@link io.bulwark.policy.sign.BundleVerifier}) and {@code diff}
 * ({@link io.bulwark.policy.diff.BundleDiff}, plus decision flips over a request file). They share
 * {@link io.bulwark.cli.bundle.OfflineCommand} (bad input becomes an {@code error:} line on stderr and a documented
 * exit code, never a stack trace) and {@link io.bulwark.cli.bundle.BundleLoader} (a bundle directory, a compiled
 * file or a signed file, told apart by content). Key material is never printed: only key ids and content hashes.
 */
package io.bulwark.cli.bundle;
