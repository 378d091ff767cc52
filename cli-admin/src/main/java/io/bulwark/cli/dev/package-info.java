/**
 * {@code bulwark dev ...}: hidden helpers for tests, demos and the local smoke run, never for production. They
 * exist so a developer can exercise the cluster with the published TEST-ONLY example keys (for instance mint a
 * token the example bundle's issuer accepts) without a real identity provider.
 */
package io.bulwark.cli.dev;
