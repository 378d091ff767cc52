package io.bulwark.cli;

import picocli.CommandLine;

/** {@code bulwark --version}: the jar's Implementation-Version and the JVM running it. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        final String v = BulwarkCli.class.getPackage().getImplementationVersion();
        return new String[] {"bulwark " + (v == null ? "dev" : v),
            "JVM " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
