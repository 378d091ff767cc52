package io.bulwark.client;

import java.time.Duration;
import java.util.List;

/**
 * The validated, immutable configuration of a {@link BulwarkClient}; built by {@link BulwarkClientBuilder}.
 *
 * @param endpoints          {@code host:port} of each node's public API, in preference order (no duplicates)
 * @param defaultDeadline    overall deadline of one logical call, retries and back-off included
 * @param attemptTimeout     deadline of a single attempt (at most {@code defaultDeadline}); a shorter one lets a
 *                           call give up on a hung node and retry elsewhere within the overall deadline
 * @param maxRetries         retries after the first attempt (0 = one attempt)
 * @param initialBackoff     back-off before the first retry to an endpoint already tried in this call
 * @param maxBackoff         cap of the exponential back-off
 * @param unhealthyCooldown  how long an endpoint that failed with UNAVAILABLE or timed out is skipped
 * @param selection          how calls are spread over healthy endpoints
 * @param defaultFreshness   freshness of reads that do not name one
 * @param actor              the caller's name sent in the {@code bulwark-actor} header for audit; empty = none
 * @param writesToLeader     whether a write's first attempt goes to the endpoint the client believes is the Raft
 *                           leader (any node accepts a write and forwards it; going to the leader saves that hop)
 * @param leaderRefresh      how old the leader hint may get before a write looks it up again
 */
public record ClientConfig(List<String> endpoints, Duration defaultDeadline, Duration attemptTimeout,
                           int maxRetries, Duration initialBackoff, Duration maxBackoff,
                           Duration unhealthyCooldown, EndpointSelection selection, Freshness defaultFreshness,
                           String actor, boolean writesToLeader, Duration leaderRefresh) {
    /** Default overall deadline of one call. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
    /** Default number of retries after the first attempt. */
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** Default first back-off. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(50);
    /** Default back-off cap. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(1);
    /** Default time a failed endpoint is skipped. */
    public static final Duration DEFAULT_UNHEALTHY_COOLDOWN = Duration.ofSeconds(2);
    /** Default age at which the leader hint is looked up again (only while the client writes). */
    public static final Duration DEFAULT_LEADER_REFRESH = Duration.ofSeconds(5);
    /** Most endpoints one client may list (a cluster has 3 or 5 nodes). */
    public static final int MAX_ENDPOINTS = 32;

    /** Copies the endpoint list. Validation is done by {@link BulwarkClientBuilder#build()}, not here. */
    public ClientConfig {
        endpoints = List.copyOf(endpoints);
    }
}
