package io.bulwark.policy.eval;

import java.util.Map;

/**
 * The request being decided. Mutable and meant to be reused per thread: {@link #reset()} it and set
 * the fields. Header names must be lower-case. The maps are read, never copied or changed.
 */
public final class PolicyRequest {
    private String method = "";
    private String path = "/";
    private String ip = "";
    private String tenant = "";
    private Map<String, String> headers = Map.of();
    private Map<String, Object> resource = Map.of();

    public PolicyRequest reset() {
        method = "";
        path = "/";
        ip = "";
        tenant = "";
        headers = Map.of();
        resource = Map.of();
        return this;
    }

    /** Upper-case HTTP method. */
    public PolicyRequest method(String method) {
        this.method = method;
        return this;
    }

    /** Raw path as received (a query string is ignored for route matching). */
    public PolicyRequest path(String path) {
        this.path = path;
        return this;
    }

    public PolicyRequest ip(String ip) {
        this.ip = ip;
        return this;
    }

    public PolicyRequest tenant(String tenant) {
        this.tenant = tenant;
        return this;
    }

    /** Lower-case header names to values. */
    public PolicyRequest headers(Map<String, String> headers) {
        this.headers = headers;
        return this;
    }

    /** Attributes of the resource being accessed, as the enforcement point knows them. */
    public PolicyRequest resource(Map<String, Object> resource) {
        this.resource = resource;
        return this;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String ip() {
        return ip;
    }

    public String tenant() {
        return tenant;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Map<String, Object> resource() {
        return resource;
    }
}
