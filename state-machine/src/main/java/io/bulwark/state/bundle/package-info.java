/**
 * Policy bundle versions on the cluster. Replicated state: {@link io.bulwark.state.bundle.BundleRows}
 * (the versions with their signed bytes, the active/shadow/previous pointers, and the bounded
 * activation history) in heap tables that snapshots and the digest cover. Derived, node-local state,
 * never digested: {@link io.bulwark.state.bundle.BundleAdmission} (signature verification against
 * the trusted keys and compilation, cached by content hash so a node compiles each version once),
 * {@link io.bulwark.state.bundle.PolicyRuntime} (the active and shadowed compiled versions behind
 * one volatile read) and {@link io.bulwark.state.bundle.ShadowStats} (per-route decision flips).
 */
package io.bulwark.state.bundle;
