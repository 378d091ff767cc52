/**
 * Bulwark's public gRPC API on a node: the four services of {@code bulwark.api.v1}, the request
 * size limit, the health service, and the one table that maps every internal outcome to a gRPC
 * status with a {@code google.rpc.ErrorInfo} ({@link io.bulwark.node.api.ErrorMapper}).
 *
 * <p>Services run on a {@code directExecutor()} server and never block a transport thread:
 * local reads answer inline, waits (AT_LEAST, LINEARIZABLE, writes) complete asynchronously.
 */
package io.bulwark.node.api;
