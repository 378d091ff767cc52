package io.bulwark.cli.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import io.bulwark.cli.ExitCodes;
import io.bulwark.policy.v1.TestCase;
import io.bulwark.policy.v1.TestPrincipal;
import io.bulwark.policy.v1.TestRequest;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code --requests} file of {@code bundle diff}: JSON lines, one request per line; blank lines and lines starting
 * with {@code #} are skipped. Members (only {@code method} and {@code path} are required):
 * <pre>
 * {"method": "GET", "path": "/orders/1",
 *  "principal": {"sub": "u1", "roles": ["reader"]},   claims; absent = anonymous
 *  "issuer": "corp",                                  bundle issuer name: its URL becomes iss, its roles claim is used
 *  "headers": {"x-trace": "1"}, "ip": "10.0.0.1", "tenant": "acme",
 *  "resource": {"owner": "u1"},
 *  "at": "2026-01-01T00:00:00Z"}                      evaluation time; this default, like bundle tests
 * </pre>
 * Each line becomes a bundle {@link TestCase} (no expectation), so requests are evaluated exactly like test cases.
 */
final class RequestFile {
    /** A bound on the work one run may do. */
    static final int MAX_REQUESTS = 100_000;
    /** {@code now} of a request without {@code at}: the same fixed default as bundle tests, so runs reproduce. */
    static final long DEFAULT_NOW_MS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    private static final Set<String> MEMBERS = Set.of("method", "path", "principal", "issuer", "headers", "ip",
        "tenant", "resource", "at");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    private RequestFile() {
    }

    /** One parsed request: its line number, a short label for reports, and the case to evaluate. */
    record Entry(int line, String label, TestCase testCase) {
    }

    /** Parses {@code file}; the first bad line is an error naming {@code file:line}. */
    static List<Entry> read(final Path file) {
        final String[] lines = BundleLoader.readText(file).split("\r?\n", -1);
        final List<Entry> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (out.size() == MAX_REQUESTS) {
                throw new BundleInputException(ExitCodes.USAGE, file + ": more than " + MAX_REQUESTS
                    + " requests; split the file");
            }
            try {
                out.add(parse(i + 1, line));
            } catch (final IllegalArgumentException e) {
                throw new BundleInputException(ExitCodes.USAGE, file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** One line; {@link IllegalArgumentException} says what is wrong with it. */
    static Entry parse(final int lineNo, final String json) {
        final Struct.Builder sb = Struct.newBuilder();
        try {
            JsonFormat.parser().merge(json, sb);
        } catch (final InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a JSON object (" + e.getMessage() + ")");
        }
        final Map<String, Value> m = sb.getFieldsMap();
        for (final String k : m.keySet()) {
            if (!MEMBERS.contains(k)) {
                throw new IllegalArgumentException("unknown member '" + k + "' (known: method, path, principal, "
                    + "issuer, headers, ip, tenant, resource, at)");
            }
        }
        final String method = string(m, "method", true);
        if (!METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException("method must be an upper-case HTTP method such as GET, found '"
                + method + "'");
        }
        final TestRequest.Builder req = TestRequest.newBuilder().setMethod(method).setPath(string(m, "path", true))
            .setIp(string(m, "ip", false)).setTenant(string(m, "tenant", false));
        final Struct headers = object(m, "headers");
        if (headers != null) {
            for (final Map.Entry<String, Value> h : headers.getFieldsMap().entrySet()) {
                if (h.getValue().getKindCase() != Value.KindCase.STRING_VALUE) {
                    throw new IllegalArgumentException("header '" + h.getKey() + "' must be a string");
                }
                // Header names are case-insensitive; the policy sees them lower-cased, as in bundle tests.
                req.putHeaders(h.getKey().toLowerCase(Locale.ROOT), h.getValue().getStringValue());
            }
        }
        final Struct resource = object(m, "resource");
        if (resource != null) {
            req.setResource(resource);
        }
        final TestCase.Builder tc = TestCase.newBuilder().setName("line " + lineNo).setRequest(req)
            .setNowMs(time(string(m, "at", false)));
        final Struct claims = object(m, "principal");
        final String issuer = string(m, "issuer", false);
        if (claims != null) {
            tc.setPrincipal(TestPrincipal.newBuilder().setIssuer(issuer).setClaims(claims));
        } else if (!issuer.isEmpty()) {
            throw new IllegalArgumentException("'issuer' without 'principal'");
        }
        final Value sub = claims == null ? null : claims.getFieldsMap().get("sub");
        final String who = claims == null ? "anonymous"
            : sub != null && sub.getKindCase() == Value.KindCase.STRING_VALUE ? sub.getStringValue() : "(no sub)";
        return new Entry(lineNo, method + " " + req.getPath() + " as " + who, tc.build());
    }

    private static String string(final Map<String, Value> m, final String key, final boolean required) {
        final Value v = m.get(key);
        if (v == null || v.getKindCase() == Value.KindCase.NULL_VALUE) {
            if (required) {
                throw new IllegalArgumentException("'" + key + "' is required");
            }
            return "";
        }
        if (v.getKindCase() != Value.KindCase.STRING_VALUE) {
            throw new IllegalArgumentException("'" + key + "' must be a string");
        }
        return v.getStringValue();
    }

    private static Struct object(final Map<String, Value> m, final String key) {
        final Value v = m.get(key);
        if (v == null || v.getKindCase() == Value.KindCase.NULL_VALUE) {
            return null;
        }
        if (v.getKindCase() != Value.KindCase.STRUCT_VALUE) {
            throw new IllegalArgumentException("'" + key + "' must be an object");
        }
        return v.getStructValue();
    }

    private static long time(final String at) {
        if (at.isEmpty()) {
            return DEFAULT_NOW_MS;
        }
        try {
            return Instant.parse(at).toEpochMilli();
        } catch (final DateTimeParseException e) {
            throw new IllegalArgumentException("'at' must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, found '"
                + at + "'");
        }
    }
}
