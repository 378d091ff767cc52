/**
 * Test fixtures shared by the SDK's and the CLI's tests (published as the client-sdk test-jar): real gRPC
 * servers on 127.0.0.1 with test behaviour, and Bulwark-shaped error statuses. They test client logic, not the
 * Bulwark server.
 */
package io.bulwark.client.testing;
