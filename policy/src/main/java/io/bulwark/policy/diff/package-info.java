/** Structural diff of two compiled bundles ({@link io.bulwark.policy.diff.BundleDiff}), for review and rollout reports. */
package io.bulwark.policy.diff;
