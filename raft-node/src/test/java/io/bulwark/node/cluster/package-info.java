/** Integration tests on real multi-process clusters, each node a {@code NodeMain} JVM on loopback. */
package io.bulwark.node.cluster;
