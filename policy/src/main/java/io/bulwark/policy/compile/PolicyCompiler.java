package io.bulwark.policy.compile;

import dev.cel.common.types.SimpleType;
import io.bulwark.policy.eval.CompiledPolicy;
import io.bulwark.policy.eval.PolicyCelEnv;
import io.bulwark.policy.lang.Ast;
import io.bulwark.policy.lang.Diagnostic;
import io.bulwark.policy.lang.Parser;
import io.bulwark.policy.lang.PolicySyntaxException;
import io.bulwark.policy.lang.SourcePos;
import io.bulwark.policy.v1.BundleMeta;
import io.bulwark.policy.v1.CompiledBundle;
import io.bulwark.policy.v1.Effect;
import io.bulwark.policy.v1.Issuer;
import io.bulwark.policy.v1.NamedList;
import io.bulwark.policy.v1.Role;
import io.bulwark.policy.v1.Rule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The policy compiler: parse every source file, resolve names, type-check every CEL expression,
 * and emit the canonical {@link CompiledBundle} with its content hash.
 *
 * <p>Determinism: files are processed in lexical path order whatever order they were given in;
 * unordered collections are sorted; the bundle holds no time or position; bytes come from
 * {@link BundleHash#canonicalBytes}. Compiling the same sources twice gives identical bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class PolicyCompiler {
    /** {@code expect ... by route}: the request was allowed by a route's permission. */
    public static final String ROUTE = "route";
    /** {@code expect ... by default}: nothing allowed the request (default deny). */
    public static final String DEFAULT = "default";

    private PolicyCompiler() {
    }

    /** Compiles a bundle directory (see {@link BundleInput#fromDirectory}). */
    public static CompileResult compile(BundleInput input) {
        List<Diagnostic> errors = new ArrayList<>();
        List<Ast.File> files = parseAll(input, errors);
        if (!errors.isEmpty()) {
            return failed(errors);
        }
        CompiledBundle bundle = new Resolution(files, input.files(), errors).run();
        if (!errors.isEmpty()) {
            return failed(errors);
        }
        byte[] bytes = BundleHash.canonicalBytes(bundle);
        return new CompileResult(bundle, bytes, BundleHash.contentHash(bytes), List.of());
    }

    /** Parses every source, in path order; syntax errors of all files are collected. */
    public static List<Ast.File> parseAll(BundleInput input, List<Diagnostic> errors) {
        List<Ast.File> files = new ArrayList<>();
        input.sources().stream().sorted(Comparator.comparing(s -> s.path())).forEach(s -> {
            try {
                files.add(Parser.parse(s.path(), s.text()));
            } catch (PolicySyntaxException e) {
                errors.add(e.diagnostic());
            }
        });
        if (input.sources().isEmpty()) {
            errors.add(new Diagnostic(new SourcePos("<bundle>", 1, 1), "bundle has no " + BundleInput.EXTENSION + " files"));
        }
        return files;
    }

    private static CompileResult failed(List<Diagnostic> errors) {
        List<Diagnostic> sorted = new ArrayList<>(new TreeSet<>(errors));
        return new CompileResult(null, null, null, List.copyOf(sorted));
    }

    /** One compilation's resolution state (names seen so far, in declaration order). */
    private static final class Resolution {
        private final List<Ast.File> files;
        private final BundleInput.FileReader reader;
        private final List<Diagnostic> errors;
        private final Map<String, SourcePos> seen = new HashMap<>();

        Resolution(List<Ast.File> files, BundleInput.FileReader reader, List<Diagnostic> errors) {
            this.files = files;
            this.reader = reader;
            this.errors = errors;
        }

        private void error(SourcePos pos, String message) {
            errors.add(new Diagnostic(pos, message));
        }

        /** Names share one space per kind; a second declaration is an error naming the first. */
        private boolean unique(String kind, Ast.Name name) {
            SourcePos first = seen.putIfAbsent(kind + "\0" + name.value(), name.pos());
            if (first != null) {
                error(name.pos(), "duplicate " + kind + " '" + name.value() + "' (first declared at " + first + ")");
                return false;
            }
            return true;
        }

        CompiledBundle run() {
            Ast.BundleDecl meta = null;
            Map<String, Ast.IssuerDecl> issuerDecls = new TreeMap<>();
            Map<String, Ast.RoleDecl> roleDecls = new TreeMap<>();
            List<Ast.RouteDecl> routeDecls = new ArrayList<>();
            List<Ast.RuleDecl> ruleDecls = new ArrayList<>();
            Map<String, Ast.ListDecl> listDecls = new TreeMap<>();
            Map<String, Ast.LimitDecl> limitDecls = new TreeMap<>();
            List<Ast.TestDecl> testDecls = new ArrayList<>();
            Map<String, SourcePos> testNames = new HashMap<>();
            for (Ast.File f : files) {
                for (Ast.Decl d : f.decls()) {
                    if (d instanceof Ast.BundleDecl b) {
                        if (meta != null) {
                            error(b.pos(), "duplicate 'bundle' declaration (first at " + meta.pos() + ")");
                        } else {
                            meta = b;
                        }
                    } else if (d instanceof Ast.IssuerDecl i) {
                        if (unique("issuer", i.name())) {
                            issuerDecls.put(i.name().value(), i);
                        }
                    } else if (d instanceof Ast.RoleDecl r) {
                        if (unique("role", r.name())) {
                            roleDecls.put(r.name().value(), r);
                        }
                    } else if (d instanceof Ast.RouteDecl r) {
                        routeDecls.add(r);
                    } else if (d instanceof Ast.RuleDecl r) {
                        if (unique("rule", r.name())) {
                            ruleDecls.add(r);
                        }
                    } else if (d instanceof Ast.ListDecl l) {
                        if (unique("list", l.name())) {
                            listDecls.put(l.name().value(), l);
                        }
                    } else if (d instanceof Ast.LimitDecl l) {
                        if (unique("limit", l.name())) {
                            limitDecls.put(l.name().value(), l);
                        }
                    } else if (d instanceof Ast.TestDecl t) {
                        SourcePos first = testNames.putIfAbsent(t.name().value(), t.name().pos());
                        if (first != null) {
                            error(t.name().pos(), "duplicate test \"" + t.name().value() + "\" (first declared at " + first + ")");
                        } else {
                            testDecls.add(t);
                        }
                    }
                }
            }
            CompiledBundle.Builder out = CompiledBundle.newBuilder().setFormatVersion(CompiledPolicy.FORMAT_VERSION);
            out.setMeta(meta(meta));

            Map<String, Issuer> issuers = new LinkedHashMap<>();
            Map<String, SourcePos> issuerUrls = new HashMap<>();
            for (Ast.IssuerDecl d : issuerDecls.values()) {
                SourcePos first = issuerUrls.putIfAbsent(d.url().value(), d.url().pos());
                if (first != null) {
                    error(d.url().pos(), "issuer URL \"" + d.url().value() + "\" is already declared at " + first);
                }
                Issuer iss = IssuerCompiler.compile(d, reader, errors);
                issuers.put(iss.getName(), iss);
                out.addIssuers(iss);
            }

            RoleGraph graph = new RoleGraph(roleDecls);
            for (Ast.RoleDecl r : roleDecls.values()) {
                for (Ast.Str p : r.permits()) {
                    String why = Permissions.validate(p.value(), true);
                    if (why != null) {
                        error(p.pos(), why);
                    }
                }
            }
            graph.resolve(errors);
            for (Ast.RoleDecl r : roleDecls.values()) {
                Role.Builder rb = Role.newBuilder().setName(r.name().value());
                rb.addAllInherits(new TreeSet<>(r.inherits().stream().map(Ast.Name::value).toList()));
                rb.addAllPermissions(new TreeSet<>(r.permits().stream().map(Ast.Str::value).toList()));
                rb.addAllEffectivePermissions(graph.effective(r.name().value()));
                out.addRoles(rb);
            }

            out.addAllRoutes(RouteCompiler.compile(routeDecls, roleDecls.keySet(), graph, errors));

            for (Ast.ListDecl l : listDecls.values()) {
                if (PolicyCelEnv.isReservedName(l.name().value()) || l.name().value().contains("-")) {
                    error(l.name().pos(), "list name '" + l.name().value()
                            + "' must be a CEL identifier ([A-Za-z_][A-Za-z0-9_]*) other than principal, request, resource, now");
                }
                out.addLists(NamedList.newBuilder().setName(l.name().value())
                        .addAllValues(l.values().stream().map(Ast.Str::value).toList()));
            }
            CelChecker cel = new CelChecker(listDecls.keySet());
            List<String> ruleNames = new ArrayList<>();
            for (Ast.RuleDecl r : ruleDecls) {
                out.addRules(rule(r, cel));
                ruleNames.add(r.name().value());
            }
            for (Ast.LimitDecl l : limitDecls.values()) {
                out.addLimits(LimitCompiler.compile(l, cel, errors));
            }
            for (Ast.TestDecl t : testDecls) {
                out.addTests(TestCaseCompiler.compile(t, issuers, roleDecls.keySet(), Set.copyOf(ruleNames), errors));
            }
            return out.build();
        }

        private BundleMeta meta(Ast.BundleDecl meta) {
            if (meta == null) {
                SourcePos at = files.isEmpty() ? new SourcePos("<bundle>", 1, 1) : new SourcePos(files.get(0).path(), 1, 1);
                error(at, "expected one 'bundle \"name\"' declaration in the bundle, found none");
                return BundleMeta.getDefaultInstance();
            }
            if (!meta.name().value().matches("[a-z0-9][a-z0-9._-]{0,63}")) {
                error(meta.name().pos(), "bundle name must be 1-64 characters of [a-z0-9._-], starting with a letter or digit");
            }
            return BundleMeta.newBuilder().setName(meta.name().value())
                    .setDescription(meta.description() == null ? "" : meta.description().value()).build();
        }

        private Rule rule(Ast.RuleDecl r, CelChecker cel) {
            String name = r.name().value();
            if (name.equals(ROUTE) || name.equals(DEFAULT)) {
                error(r.name().pos(), "'" + name + "' is reserved (used by 'expect ... by'): choose another rule name");
            }
            Rule.Builder b = Rule.newBuilder().setName(name);
            switch (r.effect().value()) {
                case "allow" -> b.setEffect(Effect.ALLOW);
                case "deny" -> b.setEffect(Effect.DENY);
                default -> {
                    b.setEffect(Effect.CHALLENGE);
                    if (!r.step().value().matches("[A-Za-z0-9_.-]{1,64}")) {
                        error(r.step().pos(), "challenge step must be 1-64 characters of [A-Za-z0-9_.-], found \""
                                + r.step().value() + "\"");
                    }
                    b.setChallengeStep(r.step().value());
                }
            }
            if (r.condition() != null) {
                cel.check(r.condition(), SimpleType.BOOL, "in condition of rule '" + name + "'", errors);
                b.setCondition(r.condition().text().strip());
            }
            return b.build();
        }

    }
}
