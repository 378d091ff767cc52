package io.bulwark.client;

/** Parsing of {@code host:port} endpoint strings. */
final class Endpoints {
    private Endpoints() {
    }

    /**
     * Checks one endpoint and returns null when valid, else why not.
     * Accepts {@code host:port} and {@code [ipv6]:port}; the port must be 1-65535.
     */
    static String problem(final String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return "is empty";
        }
        if (!endpoint.strip().equals(endpoint)) {
            return "has surrounding whitespace";
        }
        final int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1) {
            return "is not host:port";
        }
        final String host = endpoint.substring(0, colon);
        if (host.startsWith("[") != host.endsWith("]") || (host.indexOf(':') >= 0 && !host.startsWith("["))) {
            return "has a malformed host (write IPv6 addresses as [addr]:port)";
        }
        final String port = endpoint.substring(colon + 1);
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "has a non-numeric port";
        }
        final int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            return "has a port outside 1-65535";
        }
        return null;
    }
}
