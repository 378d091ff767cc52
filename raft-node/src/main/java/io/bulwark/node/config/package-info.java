/**
 * Node configuration: a typed, immutable {@link io.bulwark.node.config.NodeConfig} read once from a
 * Java properties file and validated as a whole at start-up, so a misconfigured node refuses to
 * start with every problem listed instead of failing later under load.
 */
package io.bulwark.node.config;
