package io.bulwark.node.config;

import java.net.InetSocketAddress;

/**
 * A {@code host:port} endpoint as written in configuration.
 *
 * @param host host name or IP literal (IPv6 literals in brackets)
 * @param port 1-65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1-65535, was " + port);
        }
    }

    /** Parses {@code host:port}; throws {@link IllegalArgumentException} with the offending text. */
    public static HostPort parse(String text) {
        final String s = text == null ? "" : text.trim();
        final int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("expected host:port, was '" + s + "'");
        }
        final int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + s + "'");
        }
        return new HostPort(s.substring(0, colon), port);
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
