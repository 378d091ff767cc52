package io.bulwark.state.bundle;

import com.nimbusds.jose.jwk.JWK;

import java.util.List;

/**
 * Policy configuration of a node. {@code trustedKeys} and {@code versionsKeep} are part of the
 * deterministic state transition (a push is verified at apply; pruning depends on the bound), so
 * every member of a cluster must be configured alike, like table capacities.
 *
 * @param trustedKeys    public JWKs (each with a kid) whose signatures a pushed bundle may carry;
 *                       empty: every push is refused ({@code policy.trusted.keys})
 * @param versionsKeep   most stored versions; the active, shadowed and previous versions are never
 *                       pruned ({@code policy.versions.keep}, default 10)
 * @param tokenCacheSize most verified bearer tokens cached per active version, node-local
 *                       ({@code policy.token.cache.size}, default 100000)
 */
public record PolicySettings(List<JWK> trustedKeys, int versionsKeep, int tokenCacheSize) {
    public static final int DEFAULT_VERSIONS_KEEP = 10;
    public static final int DEFAULT_TOKEN_CACHE_SIZE = 100_000;

    /** No trusted keys (every push refused), default bounds. */
    public static PolicySettings defaults() {
        return new PolicySettings(List.of(), DEFAULT_VERSIONS_KEEP, DEFAULT_TOKEN_CACHE_SIZE);
    }

    public PolicySettings {
        trustedKeys = List.copyOf(trustedKeys);
        if (versionsKeep < 4) {
            // active, shadow, previous and the version just pushed are never pruned: fewer could not hold them.
            throw new IllegalArgumentException("versionsKeep must be >= 4, was " + versionsKeep);
        }
        if (tokenCacheSize < 0) {
            throw new IllegalArgumentException("tokenCacheSize must be >= 0, was " + tokenCacheSize);
        }
    }
}
