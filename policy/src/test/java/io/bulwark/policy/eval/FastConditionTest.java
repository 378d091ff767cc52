package io.bulwark.policy.eval;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.Program;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The specialised evaluator must never disagree with CEL: on thousands of random inputs, every
 * TRUE/FALSE it gives must be CEL's answer for the same expression and input (and CEL must not
 * have failed there). It may say UNKNOWN whenever it likes; then CEL decides.
 */
class FastConditionTest {

    private static final List<String> LISTS = List.of("blocked_ips", "suspended_tenants");
    private static final CelCompiler CEL = PolicyCelEnv.compiler(LISTS, SimpleType.BOOL);

    /** Every condition of examples/orders-bundle (rules and limit guards). */
    private static final List<String> EXAMPLE_BUNDLE = List.of(
            "request.ip in blocked_ips",
            "request.tenant in suspended_tenants",
            "has(principal.claims.tenant) && request.tenant != \"\" && principal.claims.tenant != request.tenant",
            "request.method == \"GET\" && request.route == \"/orders/{id}\" && has(resource.owner) && resource.owner == principal.sub",
            "request.method == \"DELETE\" && !(\"mfa\" in principal.amr)",
            "request.route == \"/orders/{id}/refunds\" && request.method == \"POST\" && has(resource.amount) "
                    + "&& resource.amount > 500.0 && !(\"hwk\" in principal.amr)",
            "principal.sub != \"\"",
            "principal.sub == \"\"");

    /** More handled shapes, chosen to hit CEL's corners: mixed numbers, missing keys, errors on either side. */
    private static final List<String> MORE = List.of(
            "principal.claims.level > 3",
            "principal.claims.level >= 2.5 || request.method == \"GET\"",
            "resource.amount < 100",
            "resource.amount <= 100.0 && resource.amount >= -1",
            "resource.amount == 900",
            "resource.amount == 900.0",
            "resource.amount != 900",
            "principal.claims.flag",
            "!principal.claims.flag || request.method == \"GET\"",
            "principal.claims.flag == true",
            "\"admin\" in principal.roles || \"mfa\" in principal.amr",
            "request.method in [\"GET\", \"HEAD\"]",
            "has(request.params.id) && request.params.id == \"42\"",
            "request.params.id == \"42\" || request.method == \"POST\"",
            "principal.claims.tenant == request.tenant",
            "resource.owner in principal.roles",
            "has(resource.owner) || has(principal.claims.tenant)",
            "!(resource.amount > 10) && request.tenant == \"acme\"");

    @Test
    void shouldAgreeWithCelOnEveryDecisiveAnswer() throws Exception {
        final List<String> all = new ArrayList<>(EXAMPLE_BUNDLE);
        all.addAll(MORE);
        final Random random = new Random(20261129L);
        for (String source : all) {
            final CelAbstractSyntaxTree ast = CEL.compile(source).getAst();
            final FastCondition fast = FastCondition.compile(ast);
            assertThat(fast).as("handled shape: %s", source).isNotNull();
            final Program program = PolicyCelEnv.runtime().createProgram(ast);
            int decisive = 0;
            for (int i = 0; i < 3_000; i++) {
                final Map<String, Object> vars = randomInput(random);
                final int answer = fast.test(vars);
                if (answer == FastCondition.UNKNOWN) {
                    continue;
                }
                decisive++;
                final Object cel = evalCel(program, vars);
                assertThat(cel).as("%s with %s", source, vars).isEqualTo(answer == FastCondition.TRUE);
            }
            assertThat(decisive).as("decisive answers for %s", source).isGreaterThan(300);
        }
    }

    @Test
    void shouldDecideTheExampleBundleOnOrdinaryRequestsWithoutCel() throws Exception {
        final Map<String, Object> vars = baseInput();
        vars.put(PolicyCelEnv.PRINCIPAL_CLAIMS, Map.of("tenant", "acme"));
        vars.put(PolicyCelEnv.RESOURCE, Map.of("owner", "u1", "amount", 900.0));
        for (String source : EXAMPLE_BUNDLE) {
            final FastCondition fast = FastCondition.compile(CEL.compile(source).getAst());
            assertThat(fast.test(vars)).as(source).isNotEqualTo(FastCondition.UNKNOWN);
        }
    }

    @Test
    void shouldLeaveOtherShapesToCel() throws Exception {
        for (String source : List.of(
                "principal.sub.startsWith(\"u\")",
                "request.headers[\"x-a\"] == \"b\"",
                "now > timestamp(\"2020-01-01T00:00:00Z\")",
                "principal.roles.exists(r, r == \"admin\")",
                "size(principal.roles) > 1")) {
            assertThat(FastCondition.compile(CEL.compile(source).getAst())).as(source).isNull();
        }
    }

    @Test
    void shouldSayUnknownWhereCelWouldFail() throws Exception {
        final Map<String, Object> vars = baseInput();
        vars.put(PolicyCelEnv.RESOURCE, Map.of());
        final String source = "request.method == \"GET\" && resource.owner == principal.sub";
        final CelAbstractSyntaxTree ast = CEL.compile(source).getAst();
        assertThat(FastCondition.compile(ast).test(vars)).isEqualTo(FastCondition.UNKNOWN);
        assertThat(evalCel(PolicyCelEnv.runtime().createProgram(ast), vars)).isInstanceOf(CelEvaluationException.class);
    }

    private static Object evalCel(Program program, Map<String, Object> vars) {
        try {
            return program.eval(name -> PolicyCelEnv.NOW.equals(name)
                    ? Optional.of(Instant.ofEpochMilli(1_700_000_000_000L))
                    : Optional.ofNullable(vars.get(name)));
        } catch (CelEvaluationException e) {
            return e;
        }
    }

    private static Map<String, Object> baseInput() {
        final Map<String, Object> v = new HashMap<>();
        v.put("blocked_ips", List.of("203.0.113.7", "198.51.100.23"));
        v.put("suspended_tenants", List.of("bankrupt-co"));
        v.put(PolicyCelEnv.PRINCIPAL_SUB, "u1");
        v.put(PolicyCelEnv.PRINCIPAL_ISS, "https://id.example.test");
        v.put(PolicyCelEnv.PRINCIPAL_ROLES, List.of("reader"));
        v.put(PolicyCelEnv.PRINCIPAL_AMR, List.of("pwd"));
        v.put(PolicyCelEnv.PRINCIPAL_CLAIMS, Map.of());
        v.put(PolicyCelEnv.REQUEST_METHOD, "GET");
        v.put(PolicyCelEnv.REQUEST_PATH, "/orders/42");
        v.put(PolicyCelEnv.REQUEST_ROUTE, "/orders/{id}");
        v.put(PolicyCelEnv.REQUEST_PARAMS, Map.of("id", "42"));
        v.put(PolicyCelEnv.REQUEST_HEADERS, Map.of());
        v.put(PolicyCelEnv.REQUEST_IP, "192.0.2.1");
        v.put(PolicyCelEnv.REQUEST_TENANT, "acme");
        v.put(PolicyCelEnv.RESOURCE, Map.of());
        return v;
    }

    private static Map<String, Object> randomInput(Random r) {
        final Map<String, Object> v = baseInput();
        v.put(PolicyCelEnv.PRINCIPAL_SUB, pick(r, "", "u1", "u2"));
        v.put(PolicyCelEnv.PRINCIPAL_ROLES, subset(r, "reader", "admin", "mfa"));
        v.put(PolicyCelEnv.PRINCIPAL_AMR, subset(r, "mfa", "hwk", "pwd"));
        final Map<String, Object> claims = new HashMap<>();
        maybe(r, claims, "tenant", pick(r, "acme", "other", 7L, true));
        maybe(r, claims, "level", pick(r, 1L, 3L, 4L, 2.5, 3.0, Double.NaN, -0.0, "high", 1L << 60));
        maybe(r, claims, "flag", pick(r, true, false, "yes", 1L));
        v.put(PolicyCelEnv.PRINCIPAL_CLAIMS, claims);
        v.put(PolicyCelEnv.REQUEST_METHOD, pick(r, "GET", "POST", "DELETE", "HEAD"));
        v.put(PolicyCelEnv.REQUEST_ROUTE, pick(r, "/orders/{id}", "/orders/{id}/refunds", ""));
        v.put(PolicyCelEnv.REQUEST_PARAMS, r.nextBoolean() ? Map.of("id", pick(r, "42", "7")) : Map.of());
        v.put(PolicyCelEnv.REQUEST_IP, pick(r, "203.0.113.7", "192.0.2.1"));
        v.put(PolicyCelEnv.REQUEST_TENANT, pick(r, "", "acme", "bankrupt-co"));
        final Map<String, Object> resource = new HashMap<>();
        maybe(r, resource, "owner", pick(r, "u1", "u2", "reader", 5L));
        maybe(r, resource, "amount", pick(r, 900L, 900.0, 100L, 100.0, 50L, -1L, 10.5, 501.0, "900",
                Double.NaN, -0.0, 0L, (1L << 60) + 1, true));
        v.put(PolicyCelEnv.RESOURCE, resource);
        return v;
    }

    private static void maybe(Random r, Map<String, Object> m, String key, Object value) {
        if (r.nextInt(4) != 0) {
            m.put(key, value);
        }
    }

    private static List<String> subset(Random r, String... items) {
        final List<String> out = new ArrayList<>();
        for (String s : items) {
            if (r.nextBoolean()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }
}
