package io.bulwark.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Fluent, single-threaded builder of a {@link BulwarkClient}. Setters only record values; {@link #build()}
 * validates them all at once and fails with a message naming the setting and the rule.
 *
 * <p>Defaults: deadline 5 s, attempt timeout = the deadline, 3 retries, back-off
 * 50 ms doubling to 1 s with jitter, unhealthy cool-down 2 s, {@link EndpointSelection#STICKY},
 * {@link Freshness#local()}, no actor, writes to the leader (hint refreshed every 5 s while writing).
 */
public final class BulwarkClientBuilder {

    private List<String> endpoints = List.of();
    private Duration defaultDeadline = ClientConfig.DEFAULT_DEADLINE;
    private Duration attemptTimeout;
    private int maxRetries = ClientConfig.DEFAULT_MAX_RETRIES;
    private Duration initialBackoff = ClientConfig.DEFAULT_INITIAL_BACKOFF;
    private Duration maxBackoff = ClientConfig.DEFAULT_MAX_BACKOFF;
    private Duration unhealthyCooldown = ClientConfig.DEFAULT_UNHEALTHY_COOLDOWN;
    private EndpointSelection selection = EndpointSelection.STICKY;
    private Freshness defaultFreshness = Freshness.local();
    private String actor = "";
    private boolean writesToLeader = true;
    private Duration leaderRefresh = ClientConfig.DEFAULT_LEADER_REFRESH;
    private LongSupplier nanoClock = System::nanoTime;

    BulwarkClientBuilder() {
    }

    /** The nodes' public API addresses, {@code host:port}, in preference order. Required. */
    public BulwarkClientBuilder endpoints(final List<String> endpoints) {
        this.endpoints = endpoints == null ? null : new ArrayList<>(endpoints);
        return this;
    }

    /** Overall deadline of one logical call, retries and back-off included. */
    public BulwarkClientBuilder defaultDeadline(final Duration deadline) {
        this.defaultDeadline = deadline;
        return this;
    }

    /** Deadline of a single attempt; shorter than the overall deadline lets a call leave a hung node and retry. */
    public BulwarkClientBuilder attemptTimeout(final Duration attemptTimeout) {
        this.attemptTimeout = attemptTimeout;
        return this;
    }

    /** Retries after the first attempt, 0-10. */
    public BulwarkClientBuilder maxRetries(final int maxRetries) {
        this.maxRetries = maxRetries;
        return this;
    }

    /** Back-off before a retry to an already-tried endpoint: {@code initial}, doubling up to {@code max}, jittered. */
    public BulwarkClientBuilder retryBackoff(final Duration initial, final Duration max) {
        this.initialBackoff = initial;
        this.maxBackoff = max;
        return this;
    }

    /** How long an endpoint that failed with UNAVAILABLE or timed out is skipped by later calls. */
    public BulwarkClientBuilder unhealthyCooldown(final Duration cooldown) {
        this.unhealthyCooldown = cooldown;
        return this;
    }

    /** How calls are spread over healthy endpoints. */
    public BulwarkClientBuilder endpointSelection(final EndpointSelection selection) {
        this.selection = selection;
        return this;
    }

    /** Freshness of reads and checks that do not name one, e.g. {@link Freshness#session()}. */
    public BulwarkClientBuilder defaultFreshness(final Freshness freshness) {
        this.defaultFreshness = freshness;
        return this;
    }

    /**
     * The caller's name, sent in the {@code bulwark-actor} header of every call for the audit trail (1-128
     * printable ASCII characters). Advisory: the authenticated identity (mTLS) takes precedence on the server.
     */
    public BulwarkClientBuilder actor(final String actor) {
        this.actor = actor;
        return this;
    }

    /**
     * Whether a write's first attempt goes to the configured endpoint the client believes is the Raft leader
     * (default true). The client learns it from the nodes' cluster status, in the background, at most once per
     * {@link #leaderRefresh}; until it knows, and on retries, writes follow the endpoint selection like reads.
     * Every node accepts writes and forwards them to the leader, so this only saves a hop; turn it off to keep
     * a client's writes on the node its reads use.
     */
    public BulwarkClientBuilder writesToLeader(final boolean writesToLeader) {
        this.writesToLeader = writesToLeader;
        return this;
    }

    /** How old the leader hint may get before the next write looks it up again (default 5 s, at least 100 ms). */
    public BulwarkClientBuilder leaderRefresh(final Duration refresh) {
        this.leaderRefresh = refresh;
        return this;
    }

    /** Test hook: the monotonic clock used for deadlines and health marks. */
    BulwarkClientBuilder nanoClock(final LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        return this;
    }

    /**
     * Validates the settings and builds the client (opening one channel per endpoint).
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public BulwarkClient build() {
        return new BulwarkClient(validate(), nanoClock);
    }

    /** Validates the settings into a config, without opening channels. */
    ClientConfig validate() {
        if (endpoints == null || endpoints.isEmpty()) {
            throw new IllegalArgumentException("endpoints: at least one host:port is required");
        }
        if (endpoints.size() > ClientConfig.MAX_ENDPOINTS) {
            throw new IllegalArgumentException("endpoints: at most " + ClientConfig.MAX_ENDPOINTS + " allowed, got "
                + endpoints.size());
        }
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < endpoints.size(); i++) {
            final String e = endpoints.get(i);
            final String problem = Endpoints.problem(e);
            if (problem != null) {
                throw new IllegalArgumentException("endpoints[" + i + "] '" + e + "' " + problem);
            }
            if (!seen.add(e)) {
                throw new IllegalArgumentException("endpoints[" + i + "] '" + e + "' is listed twice");
            }
        }
        positive("defaultDeadline", defaultDeadline);
        final Duration attempt = attemptTimeout == null ? defaultDeadline : attemptTimeout;
        positive("attemptTimeout", attempt);
        if (attempt.compareTo(defaultDeadline) > 0) {
            throw new IllegalArgumentException("attemptTimeout (" + attempt + ") must not exceed defaultDeadline ("
                + defaultDeadline + ")");
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be 0-10, was " + maxRetries);
        }
        positive("retryBackoff initial", initialBackoff);
        positive("retryBackoff max", maxBackoff);
        if (initialBackoff.compareTo(maxBackoff) > 0) {
            throw new IllegalArgumentException("retryBackoff: initial (" + initialBackoff + ") must not exceed max ("
                + maxBackoff + ")");
        }
        if (unhealthyCooldown == null || unhealthyCooldown.isNegative()) {
            throw new IllegalArgumentException("unhealthyCooldown must be >= 0, was " + unhealthyCooldown);
        }
        Objects.requireNonNull(selection, "endpointSelection must not be null");
        Objects.requireNonNull(defaultFreshness, "defaultFreshness must not be null");
        if (actor == null || actor.length() > 128 || !actor.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new IllegalArgumentException("actor must be 0-128 printable ASCII characters without spaces");
        }
        if (leaderRefresh == null || leaderRefresh.compareTo(Duration.ofMillis(100)) < 0) {
            throw new IllegalArgumentException("leaderRefresh must be at least 100 ms, was " + leaderRefresh);
        }
        Objects.requireNonNull(nanoClock, "nanoClock");
        return new ClientConfig(endpoints, defaultDeadline, attempt, maxRetries, initialBackoff, maxBackoff,
            unhealthyCooldown, selection, defaultFreshness, actor, writesToLeader, leaderRefresh);
    }

    private static void positive(final String name, final Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }
}
