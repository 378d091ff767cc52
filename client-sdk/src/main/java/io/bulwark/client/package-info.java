/**
 * The Bulwark Java client SDK, for enforcement points (gateways, services) and operator tools.
 *
 * <h2>Shape</h2>
 * <ul>
 *   <li>{@link io.bulwark.client.BulwarkClient} is the entry point: built once with
 *       {@link io.bulwark.client.BulwarkClient#builder()}, thread-safe, {@link java.lang.AutoCloseable}. Its
 *       methods block; {@link io.bulwark.client.BulwarkClient#async()} offers the same calls returning
 *       {@link java.util.concurrent.CompletableFuture}s. The blocking calls are thin waits on the asynchronous
 *       ones, so both behave identically.</li>
 *   <li>Reads and checks return the protobuf responses of {@code bulwark.api.v1}; writes return a
 *       {@link io.bulwark.client.WriteReceipt} whose {@code appliedIndex()} is the consistency token.</li>
 *   <li>Freshness of reads is chosen per call or per client with {@link io.bulwark.client.Freshness}:
 *       {@code local()}, {@code atLeast(token)}, {@code linearizable()}, or {@code session()} (read at least
 *       as fresh as the highest token this client has seen).</li>
 *   <li>Policy bundle versions (push, shadow, promote, roll back, history, status summed over every member) are
 *       {@link io.bulwark.client.BundleOps}, from {@code async().bundles()}, with blocking twins on the client.</li>
 *   <li>Failures are {@link io.bulwark.client.BulwarkException}s carrying the gRPC code, the machine-readable
 *       {@code ErrorReason} and its metadata.</li>
 * </ul>
 *
 * <h2>Retries and failover</h2>
 * One gRPC channel per configured endpoint. Each logical call has one overall deadline; inside it the call
 * is attempted at most {@code maxRetries + 1} times. Retries are decided on status codes only, never on
 * message text: {@code UNAVAILABLE} is retried for every call; {@code DEADLINE_EXCEEDED} of a single attempt
 * (see {@code attemptTimeout}) is retried for reads and for writes, which always carry a request id;
 * {@code RESOURCE_EXHAUSTED} and every other code are never retried. Every write carries a
 * {@code request_id} generated once per logical call and reused by every retry, so the server applies it
 * once. An endpoint that fails with {@code UNAVAILABLE} (or times out) is marked unhealthy for a cool-down
 * and skipped by later calls; the next attempt goes at once to another, untried endpoint, and only comes
 * back to an endpoint already tried after an exponential, jittered back-off.
 *
 * <p>Endpoint selection is {@link io.bulwark.client.EndpointSelection#STICKY} by default: every call goes to
 * the current endpoint until it fails, then the client moves to the next healthy one and stays there. That
 * keeps a client's reads on one node. {@code ROUND_ROBIN} spreads calls over healthy
 * endpoints instead. Writes may go to any node: nodes forward them to the Raft leader. By default
 * ({@code writesToLeader}) a write's first attempt goes to the configured endpoint the client believes leads,
 * learned from the nodes' cluster status in the background (at most once per {@code leaderRefresh} while the
 * client writes, and again after a write there fails); that saves the follower's forward. Retries, and writes
 * while no leader is known, follow the endpoint selection.
 *
 * <p>Nothing in this package logs or puts into exception messages a session id, token or key: sessions are
 * referred to by their ref (SHA-256), requests by their request id.
 */
package io.bulwark.client;
