package io.bulwark.policy.compile;

import io.bulwark.policy.lang.Ast;
import io.bulwark.policy.lang.Diagnostic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Role inheritance: unknown parents, cycles, and the closure of permissions each role grants.
 */
final class RoleGraph {
    private final Map<String, Ast.RoleDecl> roles;
    private final Map<String, TreeSet<String>> closure = new TreeMap<>();

    RoleGraph(Map<String, Ast.RoleDecl> roles) {
        this.roles = roles;
    }

    /** Validates parents and cycles; on success computes closures. */
    void resolve(List<Diagnostic> errors) {
        boolean ok = true;
        for (Ast.RoleDecl r : roles.values()) {
            for (Ast.Name parent : r.inherits()) {
                if (!roles.containsKey(parent.value())) {
                    errors.add(new Diagnostic(parent.pos(), "unknown role '" + parent.value() + "' in 'inherits' of role '"
                            + r.name().value() + "'"));
                    ok = false;
                }
            }
        }
        if (!ok) {
            return;
        }
        // Depth-first search with colours; a grey parent means a cycle, reported once at the role
        // that closes it, naming the whole path so the author sees every edge.
        Map<String, Integer> colour = new TreeMap<>();
        for (String name : roles.keySet()) {
            if (findCycle(name, colour, new ArrayList<>(), errors)) {
                return;
            }
        }
        for (String name : roles.keySet()) {
            closure.put(name, collect(name, new TreeSet<>(), new TreeSet<>()));
        }
    }

    private boolean findCycle(String name, Map<String, Integer> colour, List<String> path, List<Diagnostic> errors) {
        Integer c = colour.get(name);
        if (c != null && c == 2) {
            return false;
        }
        if (c != null && c == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            Ast.RoleDecl at = roles.get(path.get(path.size() - 1));
            errors.add(new Diagnostic(at.pos(), "role inheritance cycle: " + String.join(" -> ", cycle)));
            return true;
        }
        colour.put(name, 1);
        path.add(name);
        for (Ast.Name parent : roles.get(name).inherits()) {
            if (findCycle(parent.value(), colour, path, errors)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        colour.put(name, 2);
        return false;
    }

    private TreeSet<String> collect(String name, TreeSet<String> seen, TreeSet<String> out) {
        if (!seen.add(name)) {
            return out;
        }
        Ast.RoleDecl r = roles.get(name);
        r.permits().forEach(p -> out.add(p.value()));
        r.inherits().forEach(p -> collect(p.value(), seen, out));
        return out;
    }

    /** Effective permissions of a role (valid after a successful {@link #resolve}). */
    TreeSet<String> effective(String role) {
        return closure.getOrDefault(role, new TreeSet<>());
    }

    boolean resolved() {
        return closure.size() == roles.size();
    }
}
