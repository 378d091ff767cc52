package io.bulwark.policy.eval;

import io.bulwark.policy.v1.Effect;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.bulwark.policy.TestBundles.policy;
import static org.assertj.core.api.Assertions.assertThat;

/** Decision semantics, driven by small bundles. */
class DecisionTest {
    static final long NOW = 1_767_225_600_000L;

    static final String BASE = """
            bundle "t"
            role reader { permit "orders:read" }
            role writer { inherits reader; permit "orders:write" }
            role admin  { inherits writer; permit "orders:*" }
            role ops    { permit "*" }
            route GET "/orders/{id}" requires "orders:read"
            route GET "/orders/export" requires "orders:export"
            route PUT "/orders/{id}" requires "orders:write"
            route DELETE "/orders/{id}" requires "orders:delete"
            route * "/files/{path...}" requires "orders:files"
            route GET "/health" public
            """;

    static Principal user(String sub, String... roles) {
        return Principal.of("https://id.test", sub, List.of(roles), List.of(), Map.of());
    }

    static PolicyDecision decide(CompiledPolicy p, Principal who, String method, String path) {
        return p.evaluate(who, new PolicyRequest().method(method).path(path), NOW);
    }

    @Test
    void shouldDenyByDefaultWhenNothingAllows() throws Exception {
        CompiledPolicy p = policy(BASE);
        PolicyDecision d = decide(p, Principal.ANONYMOUS, "GET", "/orders/1");
        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.rule()).isEqualTo("default");
        assertThat(d.reason()).isEqualTo(DecisionReason.PERMISSION_MISSING);
        assertThat(decide(p, user("u", "admin"), "GET", "/nowhere").reason()).isEqualTo(DecisionReason.NO_ROUTE);
        assertThat(decide(p, user("u", "admin"), "POST", "/orders/1").effect()).isEqualTo(Effect.DENY);
    }

    @Test
    void shouldGrantThroughInheritanceAndWildcards() throws Exception {
        CompiledPolicy p = policy(BASE);
        assertThat(decide(p, user("u", "reader"), "GET", "/orders/1").effect()).isEqualTo(Effect.ALLOW);
        assertThat(decide(p, user("u", "reader"), "PUT", "/orders/1").effect()).isEqualTo(Effect.DENY);
        // writer inherits reader
        assertThat(decide(p, user("u", "writer"), "GET", "/orders/1").effect()).isEqualTo(Effect.ALLOW);
        assertThat(decide(p, user("u", "writer"), "DELETE", "/orders/1").effect()).isEqualTo(Effect.DENY);
        // admin: orders:* covers orders:delete; "*" covers everything
        PolicyDecision d = decide(p, user("u", "admin"), "DELETE", "/orders/1");
        assertThat(d.effect()).isEqualTo(Effect.ALLOW);
        assertThat(d.rule()).isEqualTo("route");
        assertThat(d.reason()).isEqualTo(DecisionReason.ROUTE_PERMISSION);
        assertThat(decide(p, user("u", "ops"), "POST", "/files/a/b").effect()).isEqualTo(Effect.ALLOW);
        // unknown role names in a credential grant nothing
        assertThat(decide(p, user("u", "superuser"), "GET", "/orders/1").effect()).isEqualTo(Effect.DENY);
        assertThat(decide(p, Principal.ANONYMOUS, "GET", "/health").reason()).isEqualTo(DecisionReason.ROUTE_PUBLIC);
    }

    @Test
    void shouldMatchTheMostSpecificRouteAndExposePathParams() throws Exception {
        CompiledPolicy p = policy(BASE + "role exporter { permit \"orders:export\" }\n"
                + "role filer { permit \"orders:files\" }\n"
                + "rule only-order-7 deny when { request.route == \"/orders/{id}\" && request.params.id != \"7\" }\n");
        // "/orders/export" is a literal and beats "/orders/{id}" although both match.
        PolicyDecision d = decide(p, user("u", "exporter"), "GET", "/orders/export");
        assertThat(d.effect()).isEqualTo(Effect.ALLOW);
        assertThat(d.route()).isEqualTo("GET /orders/export");
        d = decide(p, user("u", "reader"), "GET", "/orders/7");
        assertThat(d.effect()).isEqualTo(Effect.ALLOW);
        assertThat(d.params()).containsExactly(Map.entry("id", "7"));
        assertThat(decide(p, user("u", "reader"), "GET", "/orders/8").rule()).isEqualTo("only-order-7");
        d = decide(p, user("u", "filer"), "PATCH", "/files/a/b/c.txt?x=1");
        assertThat(d.effect()).isEqualTo(Effect.ALLOW);
        assertThat(d.params()).containsExactly(Map.entry("path", "a/b/c.txt"));
        // a trailing slash is insignificant; a rest parameter needs at least one segment
        assertThat(decide(p, user("u", "reader"), "GET", "/orders/7/").effect()).isEqualTo(Effect.ALLOW);
        assertThat(decide(p, user("u", "filer"), "GET", "/files").reason()).isEqualTo(DecisionReason.NO_ROUTE);
    }

    @Test
    void shouldLetDenyOverrideAllowWhateverTheOrder() throws Exception {
        CompiledPolicy p = policy(BASE + """
                rule everyone-reads allow when { request.method == "GET" }
                rule no-bob deny when { principal.sub == "bob" }
                """);
        assertThat(decide(p, user("alice"), "GET", "/orders/1").rule()).isEqualTo("everyone-reads");
        PolicyDecision d = decide(p, user("bob", "admin"), "GET", "/orders/1");
        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.rule()).isEqualTo("no-bob");
        assertThat(d.reason()).isEqualTo(DecisionReason.RULE_DENY);
    }

    @Test
    void shouldLetChallengeBeatAllowAndLoseToDeny() throws Exception {
        CompiledPolicy p = policy(BASE + """
                rule mfa-for-delete challenge "mfa" when { request.method == "DELETE" && !("mfa" in principal.amr) }
                rule friday-freeze deny when { request.method == "DELETE" && principal.sub == "intern" }
                """);
        Principal admin = Principal.of("", "a", List.of("admin"), List.of("pwd"), Map.of());
        PolicyDecision d = decide(p, admin, "DELETE", "/orders/1");
        assertThat(d.effect()).isEqualTo(Effect.CHALLENGE);
        assertThat(d.challengeStep()).isEqualTo("mfa");
        assertThat(d.rule()).isEqualTo("mfa-for-delete");
        Principal withMfa = Principal.of("", "a", List.of("admin"), List.of("pwd", "mfa"), Map.of());
        assertThat(decide(p, withMfa, "DELETE", "/orders/1").effect()).isEqualTo(Effect.ALLOW);
        Principal intern = Principal.of("", "intern", List.of("admin"), List.of("pwd"), Map.of());
        assertThat(decide(p, intern, "DELETE", "/orders/1").rule()).isEqualTo("friday-freeze");
        // a challenge never turns a request that nothing allows into something the caller could step up for
        Principal reader = Principal.of("", "r", List.of("reader"), List.of("pwd"), Map.of());
        d = decide(p, reader, "DELETE", "/orders/1");
        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.rule()).isEqualTo("default");
    }

    @Test
    void shouldReportTheFirstMatchingRuleOfAnEffectInDeclaredOrder() throws Exception {
        CompiledPolicy p = policy(BASE + """
                rule first deny when { principal.sub.startsWith("x") }
                rule second deny when { principal.sub == "xy" }
                """);
        assertThat(decide(p, user("xy", "admin"), "GET", "/orders/1").rule()).isEqualTo("first");
    }

    @Test
    void shouldFailClosedWhenADenyConditionCannotBeEvaluated() throws Exception {
        CompiledPolicy p = policy(BASE + """
                rule need-tenant-claim deny when { principal.claims.tenant != request.tenant }
                rule read-own allow when { resource.owner == principal.sub }
                """);
        // claims.tenant is missing: the deny rule errors and therefore applies
        PolicyDecision d = decide(p, user("u", "admin"), "GET", "/orders/1");
        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.rule()).isEqualTo("need-tenant-claim");
        assertThat(d.conditionError()).isTrue();
        // an allow rule that errors (resource.owner missing) does not allow
        Principal p2 = Principal.of("", "u", List.of(), List.of(), Map.of("tenant", "acme"));
        d = p.evaluate(p2, new PolicyRequest().method("GET").path("/orders/1").tenant("acme"), NOW);
        assertThat(d.effect()).isEqualTo(Effect.DENY);
        assertThat(d.rule()).isEqualTo("default");
        d = p.evaluate(p2, new PolicyRequest().method("GET").path("/orders/1").tenant("acme")
                .resource(Map.of("owner", "u")), NOW);
        assertThat(d.effect()).isEqualTo(Effect.ALLOW);
        assertThat(d.rule()).isEqualTo("read-own");
    }

    @Test
    void shouldDenyMalformedPathsBeforeAnyRule() throws Exception {
        CompiledPolicy p = policy(BASE + "rule everything allow\n");
        for (String bad : new String[] {"/orders/../admin", "/orders//1", "orders/1", "/orders/%2e%2E/x", "/./health", ""}) {
            PolicyDecision d = decide(p, user("u", "admin"), "GET", bad);
            assertThat(d.effect()).as(bad).isEqualTo(Effect.DENY);
            assertThat(d.reason()).as(bad).isEqualTo(DecisionReason.MALFORMED_PATH);
        }
        assertThat(decide(p, user("u"), "GET", "/orders/a.b").effect()).isEqualTo(Effect.ALLOW);
    }

    @Test
    void shouldUseNowHeadersIpAndNamedLists() throws Exception {
        CompiledPolicy p = policy(BASE + """
                list blocked = ["10.0.0.9"]
                rule blocked-ip deny when { request.ip in blocked }
                rule after-cutoff deny when { now > timestamp("2026-06-01T00:00:00Z") && request.headers["x-legacy"] == "1" }
                """);
        PolicyRequest r = new PolicyRequest().method("GET").path("/orders/1").ip("10.0.0.9");
        assertThat(p.evaluate(user("u", "reader"), r, NOW).rule()).isEqualTo("blocked-ip");
        r.ip("10.0.0.1").headers(Map.of("x-legacy", "1"));
        assertThat(p.evaluate(user("u", "reader"), r, NOW).effect()).isEqualTo(Effect.ALLOW);
        long july = java.time.Instant.parse("2026-07-01T00:00:00Z").toEpochMilli();
        assertThat(p.evaluate(user("u", "reader"), r, july).rule()).isEqualTo("after-cutoff");
    }

    @Test
    void shouldReuseOneDecisionAcrossEvaluationsWithoutLeakingState() throws Exception {
        CompiledPolicy p = policy(BASE);
        PolicyDecision out = new PolicyDecision();
        PolicyRequest r = new PolicyRequest();
        p.evaluate(user("u", "reader"), r.reset().method("GET").path("/orders/5"), NOW, out);
        assertThat(out.params()).containsEntry("id", "5");
        p.evaluate(user("u", "reader"), r.reset().method("GET").path("/health"), NOW, out);
        assertThat(out.params()).isEmpty();
        assertThat(out.route()).isEqualTo("GET /health");
        assertThat(out.effect()).isEqualTo(Effect.ALLOW);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void shouldDecideConsistentlyFromManyThreads() throws Exception {
        CompiledPolicy p = policy(BASE + "rule no-x deny when { principal.sub == \"x\" && request.params.id == \"1\" }\n");
        int threads = 4;
        int perThread = 2_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    PolicyDecision out = new PolicyDecision();
                    PolicyRequest req = new PolicyRequest();
                    int wrong = 0;
                    for (int i = 0; i < perThread; i++) {
                        String sub = i % 2 == 0 ? "x" : "y";
                        String id = String.valueOf(i % 3);
                        p.evaluate(user(sub, "reader"), req.reset().method("GET").path("/orders/" + id), NOW, out);
                        Effect expected = sub.equals("x") && id.equals("1") ? Effect.DENY : Effect.ALLOW;
                        if (out.effect() != expected || !out.params().get("id").equals(id)) {
                            wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : results) {
                assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldGiveRateLimitKeysAfterEvaluation() throws Exception {
        CompiledPolicy p = policy(BASE + """
                limit per-sub { key { principal.sub } when { principal.sub != "" } algorithm token_bucket rate 5 per 1s mode local }
                """);
        PolicyDecision d = decide(p, user("u1", "reader"), "GET", "/orders/1");
        assertThat(p.limits()).hasSize(1);
        assertThat(p.limits().get(0).keyFor(d)).isEqualTo("per-sub:u1");
        assertThat(p.limits().get(0).definition().getBurst()).isEqualTo(5);
        d = decide(p, Principal.ANONYMOUS, "GET", "/health");
        assertThat(p.limits().get(0).keyFor(d)).isNull();
    }
}
