package io.bulwark.policy.compile;

/** One policy source file: its path relative to the bundle root ('/'-separated) and its text. */
public record BundleSource(String path, String text) {
}
