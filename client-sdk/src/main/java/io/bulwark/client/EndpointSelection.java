package io.bulwark.client;

/** How a client spreads calls over its healthy endpoints. */
public enum EndpointSelection {
    /**
     * Every call goes to the current endpoint; when it fails the client moves to the next healthy endpoint and
     * stays there. Keeps a client's reads on one node, which applies the client's writes within milliseconds
     * wherever they were sent (so {@code AT_LEAST} reads rarely wait), and its writes too when
     * {@link BulwarkClientBuilder#writesToLeader} is off.
     */
    STICKY,
    /** Each call starts at the next healthy endpoint in turn, spreading read load over the cluster. */
    ROUND_ROBIN
}
