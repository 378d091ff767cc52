package io.bulwark.client;

/** How a client spreads calls over its healthy endpoints. */
public enum EndpointSelection {
    /**
     * Every call goes to the current endpoint; when it fails the client moves to the next healthy endpoint and
     * stays there. Keeps a client's reads on the node that applied its writes (cheap {@code AT_LEAST} reads).
     */
    STICKY,
    /** Each call starts at the next healthy endpoint in turn, spreading read load over the cluster. */
    ROUND_ROBIN
}
