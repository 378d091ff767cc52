package io.bulwark.policy.diff;

import io.bulwark.policy.TestBundles;
import io.bulwark.policy.v1.CompiledBundle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BundleDiffTest {
    static final String BEFORE = """
            bundle "t"
            role reader { permit "orders:read" }
            role old { permit "x:y" }
            route GET "/orders/{id}" requires "orders:read"
            route GET "/x" requires "x:y"
            rule a deny when { request.ip == "1" }
            rule b deny when { request.ip == "2" }
            """;
    static final String AFTER = """
            bundle "t" { description "now described" }
            role reader { permit "orders:read", "orders:list" }
            route GET "/orders/{id}" requires "orders:read"
            route GET "/orders" requires "orders:list"
            rule b deny when { request.ip == "2" }
            rule a deny when { request.ip == "1" }
            rule c allow when { request.method == "GET" }
            limit l { key { request.ip } algorithm fixed_window rate 1 per 1s mode local }
            """;

    @Test
    void shouldListAddedRemovedAndChangedItems() {
        CompiledBundle a = TestBundles.ok(BEFORE).bundle();
        CompiledBundle b = TestBundles.ok(AFTER).bundle();
        assertThat(BundleDiff.diff(a, b)).extracting(Object::toString).containsExactly(
                "~ meta t (description)",
                "- role old",
                "~ role reader (permissions, effective_permissions)",
                "+ route GET /orders",
                "- route GET /x",
                "+ rule c",
                "~ rule_order rules (b, a)",
                "+ limit l");
    }

    @Test
    void shouldFindNoChangesBetweenEqualBundles() {
        CompiledBundle a = TestBundles.ok(BEFORE).bundle();
        assertThat(BundleDiff.diff(a, TestBundles.ok(BEFORE).bundle())).isEmpty();
    }
}
