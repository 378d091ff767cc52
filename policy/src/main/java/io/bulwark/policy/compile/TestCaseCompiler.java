package io.bulwark.policy.compile;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.bulwark.policy.lang.Ast;
import io.bulwark.policy.lang.Diagnostic;
import io.bulwark.policy.v1.Effect;
import io.bulwark.policy.v1.Issuer;
import io.bulwark.policy.v1.TestCase;
import io.bulwark.policy.v1.TestPrincipal;
import io.bulwark.policy.v1.TestRequest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns {@code test} declarations into {@link TestCase}s, checking every name they refer to. */
final class TestCaseCompiler {
    /** {@code now} of a test without {@code at}: 2026-01-01T00:00:00Z, fixed so runs are reproducible. */
    static final long DEFAULT_NOW_MS = 1_767_225_600_000L;

    private TestCaseCompiler() {
    }

    static TestCase compile(Ast.TestDecl t, Map<String, Issuer> issuers, Set<String> roles, Set<String> ruleNames,
                            List<Diagnostic> errors) {
        TestRequest.Builder req = TestRequest.newBuilder()
                .setMethod(t.method().value())
                .setPath(t.path().value());
        if (t.method().value().equals("*") || !RouteCompiler.knownMethod(t.method().value())) {
            errors.add(new Diagnostic(t.method().pos(), "a test request needs an upper-case HTTP method such as GET, found '"
                    + t.method().value() + "'"));
        }
        if (!t.path().value().startsWith("/")) {
            errors.add(new Diagnostic(t.path().pos(), "request path must start with '/'"));
        }
        for (Ast.Header h : t.headers()) {
            req.putHeaders(h.name().value().toLowerCase(Locale.ROOT), h.value().value());
        }
        if (t.ip() != null) {
            req.setIp(t.ip().value());
        }
        if (t.tenant() != null) {
            req.setTenant(t.tenant().value());
        }
        if (t.resource() != null) {
            req.setResource(toValue(t.resource(), errors).getStructValue());
        }
        TestCase.Builder b = TestCase.newBuilder().setName(t.name().value()).setRequest(req);
        if (t.claims() != null) {
            TestPrincipal.Builder p = TestPrincipal.newBuilder();
            String rolesClaim = IssuerCompiler.DEFAULT_ROLES_CLAIM;
            if (t.issuer() != null) {
                Issuer iss = issuers.get(t.issuer().value());
                if (iss == null) {
                    errors.add(new Diagnostic(t.issuer().pos(), "unknown issuer '" + t.issuer().value() + "'"));
                } else {
                    rolesClaim = iss.getRolesClaim();
                }
                p.setIssuer(t.issuer().value());
            }
            Struct claims = toValue(t.claims(), errors).getStructValue();
            p.setClaims(claims);
            checkRoles(t.claims(), rolesClaim, roles, errors);
            b.setPrincipal(p);
        }
        long nowMs = DEFAULT_NOW_MS;
        if (t.at() != null) {
            try {
                nowMs = Instant.parse(t.at().value()).toEpochMilli();
            } catch (DateTimeParseException e) {
                errors.add(new Diagnostic(t.at().pos(), "expected an ISO-8601 instant such as \"2026-01-01T00:00:00Z\", found \""
                        + t.at().value() + "\""));
            }
        }
        b.setNowMs(nowMs);
        b.setExpectEffect(switch (t.expectEffect().value()) {
            case "allow" -> Effect.ALLOW;
            case "deny" -> Effect.DENY;
            default -> Effect.CHALLENGE;
        });
        if (t.expectStep() != null) {
            b.setExpectStep(t.expectStep().value());
        }
        if (t.expectBy() != null) {
            String by = t.expectBy().value();
            if (!by.equals(PolicyCompiler.ROUTE) && !by.equals(PolicyCompiler.DEFAULT) && !ruleNames.contains(by)) {
                errors.add(new Diagnostic(t.expectBy().pos(), "unknown rule '" + by
                        + "' after 'by': expected a rule name, 'route' or 'default'"));
            }
            b.setExpectRule(by);
        }
        return b.build();
    }

    private static void checkRoles(Ast.Value claims, String rolesClaim, Set<String> roles, List<Diagnostic> errors) {
        if (!(claims instanceof Ast.MapValue m)) {
            return;
        }
        for (Ast.Entry e : m.entries()) {
            if (!e.key().equals(rolesClaim)) {
                continue;
            }
            if (!(e.value() instanceof Ast.ListValue list)) {
                errors.add(new Diagnostic(e.value().pos(), "claim '" + rolesClaim + "' must be a list of role names"));
                continue;
            }
            for (Ast.Value v : list.items()) {
                if (!(v instanceof Ast.StrValue s)) {
                    errors.add(new Diagnostic(v.pos(), "role names must be strings"));
                } else if (!roles.contains(s.str().value())) {
                    errors.add(new Diagnostic(v.pos(), "unknown role '" + s.str().value() + "'"));
                }
            }
        }
    }

    /** Converts a literal to a protobuf Value (numbers become doubles, as in JSON). */
    static Value toValue(Ast.Value v, List<Diagnostic> errors) {
        if (v instanceof Ast.StrValue s) {
            return Value.newBuilder().setStringValue(s.str().value()).build();
        }
        if (v instanceof Ast.BoolValue bv) {
            return Value.newBuilder().setBoolValue(bv.value()).build();
        }
        if (v instanceof Ast.NumValue n) {
            try {
                return Value.newBuilder().setNumberValue(Double.parseDouble(n.num().text())).build();
            } catch (NumberFormatException e) {
                errors.add(new Diagnostic(n.pos(), "expected a number, found '" + n.num().text() + "'"));
                return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
            }
        }
        if (v instanceof Ast.ListValue l) {
            ListValue.Builder lb = ListValue.newBuilder();
            l.items().forEach(i -> lb.addValues(toValue(i, errors)));
            return Value.newBuilder().setListValue(lb).build();
        }
        Ast.MapValue m = (Ast.MapValue) v;
        Struct.Builder sb = Struct.newBuilder();
        for (Ast.Entry e : m.entries()) {
            if (sb.containsFields(e.key())) {
                errors.add(new Diagnostic(e.pos(), "duplicate key '" + e.key() + "'"));
            }
            sb.putFields(e.key(), toValue(e.value(), errors));
        }
        return Value.newBuilder().setStructValue(sb).build();
    }
}
