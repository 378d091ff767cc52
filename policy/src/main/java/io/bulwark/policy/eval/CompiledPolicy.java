package io.bulwark.policy.eval;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import io.bulwark.policy.v1.CompiledBundle;
import io.bulwark.policy.v1.Effect;
import io.bulwark.policy.v1.NamedList;
import io.bulwark.policy.v1.RateLimit;
import io.bulwark.policy.v1.Route;
import io.bulwark.policy.v1.Rule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled bundle made ready for the hot path, built once at activation: CEL programs created,
 * routes parsed in precedence order, the roles granting each route's permission precomputed.
 * Immutable and thread-safe; each thread passes its own {@link PolicyDecision}.
 *
 * <p>Semantics (docs/policy-language.md, "How a decision is made"):
 * <ol>
 *   <li>a malformed path is denied ({@link DecisionReason#MALFORMED_PATH});</li>
 *   <li>the most specific route matching method and path is found (its parameters become
 *       {@code request.params});</li>
 *   <li>deny rules, in order: the first whose condition holds denies (an evaluation error counts as
 *       holding: deny fails closed);</li>
 *   <li>the request is <em>allowed</em> if the matched route is public or one of the principal's
 *       roles (with inheritance and wildcards) grants its permission, else if an allow rule holds
 *       (errors count as not holding); otherwise it is denied by default;</li>
 *   <li>an allowed request meets the challenge rules, in order: the first that holds (or errors)
 *       turns it into CHALLENGE with its step;</li>
 *   <li>otherwise ALLOW.</li>
 * </ol>
 * So deny beats challenge, challenge beats allow, and nothing allowed means deny.
 */
public final class CompiledPolicy {
    private static final String ROUTE = "route";
    private static final String DEFAULT = "default";

    private final CompiledBundle bundle;
    private final String contentHash;
    private final CompiledRoute[] routes;
    private final CompiledRule[] denyRules;
    private final CompiledRule[] allowRules;
    private final CompiledRule[] challengeRules;
    private final String[] listNames;
    private final List<List<String>> listValues;
    private final List<CompiledLimit> limits;
    private final int maxParams;

    private record CompiledRoute(String method, RoutePattern pattern, String label, boolean isPublic,
                                 Set<String> grantingRoles) {
    }

    /** {@code fast} is the allocation-free evaluator of {@code condition} when its shape allows one. */
    private record CompiledRule(String name, Program condition, FastCondition fast, String step) {
    }

    /** The compiled-bundle format this evaluator understands. */
    public static final int FORMAT_VERSION = 1;

    private CompiledPolicy(CompiledBundle bundle, String contentHash) throws PolicyBuildException {
        if (bundle.getFormatVersion() != FORMAT_VERSION) {
            throw new PolicyBuildException("compiled bundle format " + bundle.getFormatVersion()
                    + " is not supported (expected " + FORMAT_VERSION + "): rebuild it with this version");
        }
        this.bundle = bundle;
        this.contentHash = contentHash;
        List<String> names = new ArrayList<>();
        listNames = new String[bundle.getListsCount()];
        listValues = new ArrayList<>();
        for (int i = 0; i < bundle.getListsCount(); i++) {
            NamedList l = bundle.getLists(i);
            listNames[i] = l.getName();
            listValues.add(List.copyOf(l.getValuesList()));
            names.add(l.getName());
        }
        CelCompiler boolCel = PolicyCelEnv.compiler(names, SimpleType.BOOL);
        CelCompiler stringCel = PolicyCelEnv.compiler(names, SimpleType.STRING);

        routes = new CompiledRoute[bundle.getRoutesCount()];
        int params = 0;
        for (int i = 0; i < routes.length; i++) {
            Route r = bundle.getRoutes(i);
            RoutePattern p;
            try {
                p = RoutePattern.parse(r.getPattern());
            } catch (IllegalArgumentException e) {
                throw new PolicyBuildException("route " + r.getMethod() + " " + r.getPattern() + ": " + e.getMessage());
            }
            params = Math.max(params, p.paramCount());
            routes[i] = new CompiledRoute(r.getMethod(), p, r.getMethod() + " " + r.getPattern(), r.getPublic(),
                    Set.copyOf(new HashSet<>(r.getGrantingRolesList())));
        }
        maxParams = params;

        List<CompiledRule> deny = new ArrayList<>();
        List<CompiledRule> allow = new ArrayList<>();
        List<CompiledRule> challenge = new ArrayList<>();
        for (Rule r : bundle.getRulesList()) {
            Program p = null;
            FastCondition fast = null;
            if (!r.getCondition().isEmpty()) {
                CelAbstractSyntaxTree ast = checked(boolCel, r.getCondition(), SimpleType.BOOL, "rule " + r.getName());
                p = program(ast, SimpleType.BOOL, "rule " + r.getName());
                fast = FastCondition.compile(ast);
            }
            CompiledRule cr = new CompiledRule(r.getName(), p, fast, r.getChallengeStep());
            if (r.getEffect() == Effect.DENY) {
                deny.add(cr);
            } else if (r.getEffect() == Effect.ALLOW) {
                allow.add(cr);
            } else if (r.getEffect() == Effect.CHALLENGE) {
                challenge.add(cr);
            } else {
                throw new PolicyBuildException("rule " + r.getName() + " has no effect");
            }
        }
        denyRules = deny.toArray(new CompiledRule[0]);
        allowRules = allow.toArray(new CompiledRule[0]);
        challengeRules = challenge.toArray(new CompiledRule[0]);

        List<CompiledLimit> ls = new ArrayList<>();
        for (RateLimit l : bundle.getLimitsList()) {
            Program key = program(stringCel, l.getKey(), SimpleType.STRING, "limit " + l.getName());
            Program when = l.getCondition().isEmpty() ? null
                    : program(boolCel, l.getCondition(), SimpleType.BOOL, "limit " + l.getName());
            ls.add(new CompiledLimit(l, key, when));
        }
        limits = List.copyOf(ls);
    }

    private static Program program(CelCompiler cel, String source, CelType type, String what)
            throws PolicyBuildException {
        return program(checked(cel, source, type, what), type, what);
    }

    private static CelAbstractSyntaxTree checked(CelCompiler cel, String source, CelType type, String what)
            throws PolicyBuildException {
        try {
            return cel.compile(source).getAst();
        } catch (CelValidationException e) {
            throw new PolicyBuildException(what + ": expression does not type-check as " + type.name() + ": "
                    + e.getMessage());
        }
    }

    private static Program program(CelAbstractSyntaxTree ast, CelType type, String what) throws PolicyBuildException {
        try {
            return PolicyCelEnv.runtime().createProgram(ast);
        } catch (CelEvaluationException e) {
            throw new PolicyBuildException(what + ": expression does not type-check as " + type.name() + ": "
                    + e.getMessage());
        }
    }

    /**
     * Builds the evaluator (≈ 3-6 ms per CEL expression: do it once, at activation).
     *
     * @param contentHash the bundle's content hash, reported with decisions (not re-computed here)
     */
    public static CompiledPolicy build(CompiledBundle bundle, String contentHash) throws PolicyBuildException {
        return new CompiledPolicy(bundle, contentHash);
    }

    public CompiledBundle bundle() {
        return bundle;
    }

    public String contentHash() {
        return contentHash;
    }

    /** Rate-limit definitions with their key programs. */
    public List<CompiledLimit> limits() {
        return limits;
    }

    /** Convenience form that allocates a decision; the hot path reuses one per thread instead. */
    public PolicyDecision evaluate(Principal principal, PolicyRequest request, long nowMs) {
        PolicyDecision d = new PolicyDecision();
        evaluate(principal, request, nowMs, d);
        return d;
    }

    /**
     * Decides {@code request} by {@code principal} at {@code nowMs}, writing into {@code out}.
     * No parsing; per request it allocates only the path-parameter strings and the {@code now} value.
     */
    public void evaluate(Principal principal, PolicyRequest request, long nowMs, PolicyDecision out) {
        out.reset();
        String path = request.path();
        int end = PathCheck.matchableEnd(path);
        if (end < 0) {
            out.set(Effect.DENY, DecisionReason.MALFORMED_PATH, DEFAULT, "");
            return;
        }
        CompiledRoute route = matchRoute(request.method(), path, end, out);
        bind(principal, request, nowMs, route, out);

        for (CompiledRule r : denyRules) {
            if (holds(r, true, out)) {
                out.set(Effect.DENY, DecisionReason.RULE_DENY, r.name(), "");
                return;
            }
        }
        DecisionReason allowedBy = null;
        String allowRule = ROUTE;
        if (route != null) {
            if (route.isPublic()) {
                allowedBy = DecisionReason.ROUTE_PUBLIC;
            } else if (granted(principal, route)) {
                allowedBy = DecisionReason.ROUTE_PERMISSION;
            }
        }
        if (allowedBy == null) {
            for (CompiledRule r : allowRules) {
                if (holds(r, false, out)) {
                    allowedBy = DecisionReason.RULE_ALLOW;
                    allowRule = r.name();
                    break;
                }
            }
        }
        if (allowedBy == null) {
            out.set(Effect.DENY, route == null ? DecisionReason.NO_ROUTE : DecisionReason.PERMISSION_MISSING, DEFAULT, "");
            return;
        }
        for (CompiledRule r : challengeRules) {
            if (holds(r, true, out)) {
                out.set(Effect.CHALLENGE, DecisionReason.RULE_CHALLENGE, r.name(), r.step());
                return;
            }
        }
        out.set(Effect.ALLOW, allowedBy, allowRule, "");
    }

    private CompiledRoute matchRoute(String method, String path, int end, PolicyDecision out) {
        if (out.offsets.length < maxParams * 2) {
            out.offsets = new int[maxParams * 2];
        }
        for (CompiledRoute r : routes) {
            if ((r.method().equals("*") || r.method().equals(method)) && r.pattern().match(path, end, out.offsets)) {
                int n = r.pattern().paramCount();
                for (int i = 0; i < n; i++) {
                    out.params.put(r.pattern().paramName(i), path.substring(out.offsets[2 * i], out.offsets[2 * i + 1]));
                }
                out.route(r.label());
                return r;
            }
        }
        return null;
    }

    private static boolean granted(Principal principal, CompiledRoute route) {
        for (String role : principal.roleArray()) {
            if (route.grantingRoles().contains(role)) {
                return true;
            }
        }
        return false;
    }

    private void bind(Principal p, PolicyRequest r, long nowMs, CompiledRoute route, PolicyDecision out) {
        Map<String, Object> a = out.activation;
        if (out.boundTo != this) {
            // The named lists are constants of this policy: bound once per (decision, policy) pair.
            a.clear();
            for (int i = 0; i < listNames.length; i++) {
                a.put(listNames[i], listValues.get(i));
            }
            out.boundTo = this;
        }
        a.put(PolicyCelEnv.PRINCIPAL_SUB, p.subject());
        a.put(PolicyCelEnv.PRINCIPAL_ISS, p.issuer());
        a.put(PolicyCelEnv.PRINCIPAL_ROLES, p.roles());
        a.put(PolicyCelEnv.PRINCIPAL_AMR, p.amr());
        a.put(PolicyCelEnv.PRINCIPAL_CLAIMS, p.claims());
        a.put(PolicyCelEnv.REQUEST_METHOD, r.method());
        a.put(PolicyCelEnv.REQUEST_PATH, r.path());
        a.put(PolicyCelEnv.REQUEST_ROUTE, route == null ? "" : route.pattern().source());
        a.put(PolicyCelEnv.REQUEST_PARAMS, out.params);
        a.put(PolicyCelEnv.REQUEST_HEADERS, r.headers());
        a.put(PolicyCelEnv.REQUEST_IP, r.ip());
        a.put(PolicyCelEnv.REQUEST_TENANT, r.tenant());
        a.put(PolicyCelEnv.RESOURCE, r.resource());
        // `now` is made an Instant only if a CEL program asks for it (PolicyDecision's resolver).
        out.nowMs = nowMs;
    }

    /**
     * Evaluates a rule's condition. {@code failClosed}: an evaluation error (missing key, type
     * error at run time) counts as holding — for deny and challenge rules, so an error never lets
     * a request through that the rule meant to stop.
     */
    private static boolean holds(CompiledRule r, boolean failClosed, PolicyDecision out) {
        if (r.condition() == null) {
            return true;
        }
        if (r.fast() != null) {
            int t = r.fast().test(out.activation);
            if (t != FastCondition.UNKNOWN) {
                return t == FastCondition.TRUE;
            }
        }
        try {
            return Boolean.TRUE.equals(r.condition().eval(out.resolver));
        } catch (CelEvaluationException e) {
            out.markConditionError();
            return failClosed;
        }
    }
}
