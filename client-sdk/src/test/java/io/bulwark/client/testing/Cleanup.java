package io.bulwark.client.testing;

import java.util.ArrayList;
import java.util.List;

/** Closes what a test opened (servers, clients), newest first, even when the test failed. */
public final class Cleanup implements AutoCloseable {
    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Registers {@code resource} for closing and returns it. */
    public <T extends AutoCloseable> T add(final T resource) {
        resources.add(resource);
        return resource;
    }

    /** Closes everything registered, newest first; the first failure is thrown after all were tried. */
    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (final Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        resources.clear();
        if (first != null) {
            throw first;
        }
    }
}
