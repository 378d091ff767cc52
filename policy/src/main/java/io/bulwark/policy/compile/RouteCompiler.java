package io.bulwark.policy.compile;

import io.bulwark.policy.eval.RoutePattern;
import io.bulwark.policy.lang.Ast;
import io.bulwark.policy.lang.Diagnostic;
import io.bulwark.policy.lang.SourcePos;
import io.bulwark.policy.v1.Route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes: methods, patterns, conflicts, permission syntax, the roles granting each route, and the
 * canonical order (match precedence).
 */
final class RouteCompiler {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "*");

    private final List<Diagnostic> errors;

    private RouteCompiler(List<Diagnostic> errors) {
        this.errors = errors;
    }

    static List<Route> compile(List<Ast.RouteDecl> decls, Set<String> roles, RoleGraph graph, List<Diagnostic> errors) {
        return new RouteCompiler(errors).run(decls, roles, graph);
    }

    /** True for a method a route or test may name ({@code *} included). */
    static boolean knownMethod(String method) {
        return METHODS.contains(method);
    }

    private void error(SourcePos pos, String message) {
        errors.add(new Diagnostic(pos, message));
    }

    private List<Route> run(List<Ast.RouteDecl> decls, Set<String> roles, RoleGraph graph) {
        record Parsed(Ast.RouteDecl decl, RoutePattern pattern, String method) {
        }
        List<Parsed> parsed = new ArrayList<>();
        Map<String, SourcePos> shapes = new HashMap<>();
        for (Ast.RouteDecl d : decls) {
            String method = d.method().value();
            if (!METHODS.contains(method)) {
                error(d.method().pos(), "expected an upper-case HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS) or '*', found '"
                        + method + "'");
                continue;
            }
            RoutePattern p;
            try {
                p = RoutePattern.parse(d.pattern().value());
            } catch (IllegalArgumentException e) {
                error(d.pattern().pos(), e.getMessage());
                continue;
            }
            SourcePos first = shapes.putIfAbsent(method + " " + p.shape(), d.pos());
            if (first != null) {
                error(d.pos(), "route " + method + " \"" + d.pattern().value()
                        + "\" matches the same requests as the route declared at " + first);
                continue;
            }
            if (d.permission() != null) {
                String why = Permissions.validate(d.permission().value(), false);
                if (why != null) {
                    error(d.permission().pos(), why);
                    continue;
                }
            }
            parsed.add(new Parsed(d, p, method));
        }
        // Precedence: path specificity first, then an exact method before '*'.
        parsed.sort((a, b) -> {
            int c = RoutePattern.comparePrecedence(a.pattern(), b.pattern());
            if (c != 0) {
                return c;
            }
            return Boolean.compare(a.method().equals("*"), b.method().equals("*")) != 0
                    ? Boolean.compare(a.method().equals("*"), b.method().equals("*"))
                    : a.method().compareTo(b.method());
        });
        List<Route> out = new ArrayList<>();
        for (Parsed p : parsed) {
            Route.Builder rb = Route.newBuilder().setMethod(p.method()).setPattern(p.decl().pattern().value());
            if (p.decl().permission() == null) {
                rb.setPublic(true);
            } else {
                String perm = p.decl().permission().value();
                rb.setPermission(perm);
                if (graph.resolved()) {
                    for (String role : new TreeSet<>(roles)) {
                        if (graph.effective(role).stream().anyMatch(g -> Permissions.grants(g, perm))) {
                            rb.addGrantingRoles(role);
                        }
                    }
                    if (rb.getGrantingRolesCount() == 0) {
                        error(p.decl().permission().pos(), "no role grants permission '" + perm
                                + "': the route could never allow a request (typo?)");
                    }
                }
            }
            out.add(rb.build());
        }
        return out;
    }
}
