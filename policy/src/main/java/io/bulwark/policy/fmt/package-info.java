/** The canonical source formatter behind {@code bulwark bundle fmt} ({@link io.bulwark.policy.fmt.BundleFormatter}). */
package io.bulwark.policy.fmt;
