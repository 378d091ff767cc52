package io.bulwark.policy.fmt;

import io.bulwark.policy.TestBundles;
import io.bulwark.policy.compile.BundleInput;
import io.bulwark.policy.compile.BundleSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BundleFormatterTest {

    static final String MESSY = """
            # header comment
            bundle    "t"{description "a \\"quoted\\" text"}
            role reader{permit "orders:read";}
            role admin { inherits reader; permit "orders:*", "x:y" }   # trailing note
            route GET "/orders/{id}"   requires "orders:read"
            route   GET "/health" public
            rule r1 deny when {request.ip == "1.2.3.4"}
            list ips=["a","b",]
            limit l { mode local; rate 5 per 1s; key { principal.sub }; algorithm gcra }
            test "t1" { request GET "/orders/1" { ip "9.9.9.9"; resource { owner: "u", "odd key": [1, true] } } as { sub: "u", roles: ["reader"] } expect allow by route }
            # the end
            """;

    @Test
    void shouldProduceTheCanonicalLayout() throws Exception {
        String out = BundleFormatter.format("m.policy", MESSY);
        assertThat(out).isEqualTo("""
                # header comment
                bundle "t" {
                  description "a \\"quoted\\" text"
                }

                role reader {
                  permit "orders:read"
                }

                # trailing note
                role admin {
                  inherits reader
                  permit "orders:*", "x:y"
                }

                route GET "/orders/{id}" requires "orders:read"
                route GET "/health" public

                rule r1 deny when { request.ip == "1.2.3.4" }

                list ips = ["a", "b"]

                limit l {
                  key { principal.sub }
                  algorithm gcra
                  rate 5 per 1s
                  mode local
                }

                test "t1" {
                  request GET "/orders/1" {
                    ip "9.9.9.9"
                    resource { owner: "u", "odd key": [1, true] }
                  }
                  as { sub: "u", roles: ["reader"] }
                  expect allow by route
                }

                # the end
                """);
    }

    @Test
    void shouldBeIdempotentAndKeepTheCompiledBundle() throws Exception {
        String once = BundleFormatter.format("m.policy", MESSY);
        assertThat(BundleFormatter.format("m.policy", once)).isEqualTo(once);
        assertThat(TestBundles.ok(once).canonicalBytes()).isEqualTo(TestBundles.ok(MESSY).canonicalBytes());
    }

    @Test
    void shouldKeepRawStringsMultiLineCelAndSlashComments() throws Exception {
        String src = "bundle \"t\"\n"
                + "// why this issuer\n"
                + "issuer i \"https://i.test\" { audience \"a\"; algorithms EdDSA\n"
                + "  jwks \"\"\"{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"k\",\n"
                + "     \"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}]}\"\"\" }\n"
                + "rule r deny when {\n    request.path == \"}\" ||\n    request.path.startsWith('/x{')\n}\n";
        String once = BundleFormatter.format("m.policy", src);
        assertThat(once).contains("// why this issuer\nissuer i")
                .contains("  jwks \"\"\"{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"k\",\n")
                .contains("rule r deny when { request.path == \"}\" ||\n    request.path.startsWith('/x{') }\n");
        assertThat(BundleFormatter.format("m.policy", once)).isEqualTo(once);
        assertThat(TestBundles.ok(once).contentHash()).isEqualTo(TestBundles.ok(src).contentHash());
    }

    @Test
    void shouldBeIdempotentOnTheExampleBundle() throws Exception {
        for (BundleSource s : BundleInput.fromDirectory(Path.of("..", "examples", "orders-bundle")).sources()) {
            String once = BundleFormatter.format(s.path(), s.text());
            assertThat(BundleFormatter.format(s.path(), once)).as(s.path()).isEqualTo(once);
        }
    }
}
