package io.bulwark.state.table;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * A reusable key: a byte array plus the Chronicle {@link BytesStore} view over it. Looking a key
 * up through the view allocates nothing, whereas Chronicle's {@code queryContext(byte[])} costs
 * about 200 bytes per call (measured) — too much for the check path. Rewrite {@link #bytes()}
 * in place and look up again. Not thread-safe: one per thread.
 */
public final class TableKey {
    private final byte[] bytes;
    private final BytesStore<?, ?> store;

    public TableKey(int length) {
        this.bytes = new byte[length];
        this.store = BytesStore.wrap(bytes);
    }

    /** The key's bytes, to be written in place. */
    public byte[] bytes() {
        return bytes;
    }

    BytesStore<?, ?> store() {
        return store;
    }
}
