/**
 * {@code bulwark bundle ...}: policy bundles as code — offline verbs (no cluster, no network) and the verbs that
 * manage versions on the cluster.
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
 *
 * <p>The cluster verbs ({@code push}, {@code shadow}, {@code promote}, {@code rollback}, {@code history},
 * {@code status}) are {@link io.bulwark.cli.commands.ClientCommand}s over the SDK's
 * {@link io.bulwark.client.BundleOps}: writes carry a request id ({@code --request-id} to choose it), and
 * {@code status} asks every member, because each node counts only the shadow flips of the checks it evaluated.
 */
package io.bulwark.cli.bundle;
