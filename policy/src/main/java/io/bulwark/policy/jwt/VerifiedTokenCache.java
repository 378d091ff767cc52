package io.bulwark.policy.jwt;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified tokens by token hash, kept until they expire, bounded in size. A hit skips signature
 * verification (RS256 ≈ 37 µs, ES256 ≈ 0.4-1 ms); revocation must still be checked by the caller
 * on every request. Keys are SHA-256 hashes, never raw tokens.
 *
 * <p>Eviction: when full, expired entries go first, then arbitrary ones down to 90% of capacity —
 * cheap, and a wrongly evicted token only costs one more verification.
 */
final class VerifiedTokenCache {
    /**
     * The 256-bit token hash as four longs: a compact key with a good hash code. Keys stored in the
     * cache are never changed; a per-thread probe is refilled with {@link #set} for each lookup, so a
     * cache hit allocates no key.
     */
    static final class Key {
        private long a;
        private long b;
        private long c;
        private long d;

        /** An immutable copy of {@code h} (32 bytes) to store. */
        static Key of(byte[] h) {
            return new Key().set(h);
        }

        /** Refills this key from {@code h}; only for a probe that is never stored. */
        Key set(byte[] h) {
            a = get(h, 0);
            b = get(h, 8);
            c = get(h, 16);
            d = get(h, 24);
            return this;
        }

        private static long get(byte[] h, int off) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | (h[off + i] & 0xff);
            }
            return v;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.a == a && k.b == b && k.c == c && k.d == d;
        }

        @Override
        public int hashCode() {
            // The hash is uniformly distributed already: any 32 bits of it are a good hash code.
            return (int) (a ^ (a >>> 32));
        }
    }

    /** Cached entries hold the very result a hit returns, so a hit allocates nothing. */
    private final ConcurrentHashMap<Key, TokenVerification> map = new ConcurrentHashMap<>();
    private final int capacity;

    VerifiedTokenCache(int capacity) {
        this.capacity = capacity;
    }

    /** The cached result (with {@code cached() == true}) if present and still valid at {@code nowMs}; an expired entry is dropped. */
    TokenVerification get(Key key, long nowMs) {
        TokenVerification t = map.get(key);
        if (t == null) {
            return null;
        }
        if (nowMs >= t.token().validUntilMs()) {
            map.remove(key, t);
            return null;
        }
        return t;
    }

    /** Stores {@code token} under {@code key}, which must be a fresh {@link Key#of} copy, not a probe. */
    void put(Key key, VerifiedToken token, long nowMs) {
        if (capacity <= 0) {
            return;
        }
        if (map.size() >= capacity) {
            evict(nowMs);
        }
        map.put(key, new TokenVerification(token, null, true));
    }

    private void evict(long nowMs) {
        map.values().removeIf(t -> nowMs >= t.token().validUntilMs());
        int target = capacity * 9 / 10;
        Iterator<Key> it = map.keySet().iterator();
        while (map.size() > target && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    int size() {
        return map.size();
    }
}
