package io.bulwark.policy.compile;

import org.junit.jupiter.api.Test;

import static io.bulwark.policy.TestBundles.errors;
import static org.assertj.core.api.Assertions.assertThat;

class CompilerErrorTest {

    @Test
    void shouldReportUnknownParentRoleAtItsName() {
        assertThat(errors("bundle \"t\"\nrole a { inherits ghost }\n")).containsExactly(
                "main.policy:2:19: unknown role 'ghost' in 'inherits' of role 'a'");
    }

    @Test
    void shouldReportInheritanceCycleWithItsPath() {
        assertThat(errors("bundle \"t\"\nrole a { inherits b }\nrole b { inherits c }\nrole c { inherits a }\n"))
                .containsExactly("main.policy:4:1: role inheritance cycle: a -> b -> c -> a");
    }

    @Test
    void shouldReportDuplicatesNamingTheFirstDeclaration() {
        var r = io.bulwark.policy.TestBundles.compile("a.policy", "bundle \"t\"\nrole r {}\n", "b.policy", "\nrole r {}\n");
        assertThat(r.errors()).extracting(Object::toString)
                .containsExactly("b.policy:2:6: duplicate role 'r' (first declared at a.policy:2:6)");
    }

    @Test
    void shouldFailTheBuildOnACelTypoWithItsExactPosition() {
        assertThat(errors("bundle \"t\"\nrule r deny when {\n  request.method == \"GET\" &&\n    principal.rols == []\n}\n"))
                .containsExactly("main.policy:4:5: in condition of rule 'r': undeclared reference to 'principal' (in container '')");
        assertThat(errors("bundle \"t\"\nrule r deny when { request.methd == \"GET\" }\n"))
                .containsExactly("main.policy:2:20: in condition of rule 'r': undeclared reference to 'request' (in container '')");
    }

    @Test
    void shouldRejectNonBooleanConditionsAndNonStringLimitKeys() {
        assertThat(errors("bundle \"t\"\nrule r deny when { request.path }\n")).singleElement().asString()
                .startsWith("main.policy:2:").contains("in condition of rule 'r': expected type 'bool' but found 'string'");
        assertThat(errors("bundle \"t\"\nlimit l { key { now } algorithm gcra rate 1 per 1s mode exact }\n"))
                .singleElement().asString().contains("in key of limit 'l': expected type 'string' but found 'google.protobuf.Timestamp'");
    }

    @Test
    void shouldRejectSymmetricAndNoneAlgorithms() {
        String jwks = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}]}";
        assertThat(errors("bundle \"t\"\nissuer i \"https://i.test\" {\n  audience \"a\"\n  algorithms ES256, HS256, none\n  jwks \"\"\"" + jwks + "\"\"\"\n}\n"))
                .containsExactly(
                        "main.policy:4:21: symmetric algorithm HS256 is not allowed: a bundle carries public keys only",
                        "main.policy:4:28: algorithm 'none' is never allowed");
    }

    @Test
    void shouldRejectPrivateKeysAndAlgorithmsWithoutKey() {
        String priv = "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"d\":\"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI\"}]}";
        assertThat(errors("bundle \"t\"\nissuer i \"https://i.test\" { audience \"a\" algorithms RS256 jwks \"\"\"" + priv + "\"\"\" }\n"))
                .containsExactly(
                        "main.policy:2:64: JWKS key 'k' contains private key material: a bundle must hold public keys only",
                        "main.policy:2:64: algorithm RS256 is allowed but the JWKS has no key that can verify it");
    }

    @Test
    void shouldRejectJwksFilesOutsideTheBundleAndMissingOnes() {
        assertThat(errors("bundle \"t\"\nissuer i \"https://i.test\" { audience \"a\" algorithms RS256 jwks file \"../k.json\" }\n"))
                .containsExactly("main.policy:2:69: JWKS file must be a relative path inside the bundle, found \"../k.json\"");
        assertThat(errors("bundle \"t\"\nissuer i \"https://i.test\" { audience \"a\" algorithms RS256 jwks file \"k.json\" }\n"))
                .containsExactly("main.policy:2:69: cannot read JWKS file \"k.json\": no such file in bundle");
    }

    @Test
    void shouldRejectARoutePermissionNoRoleGrants() {
        assertThat(errors("bundle \"t\"\nrole r { permit \"orders:read\" }\nroute GET \"/o\" requires \"orders:raed\"\n"))
                .containsExactly("main.policy:3:25: no role grants permission 'orders:raed': the route could never allow a request (typo?)");
    }

    @Test
    void shouldRejectRoutesThatMatchTheSameRequests() {
        assertThat(errors("bundle \"t\"\nroute GET \"/o/{id}\" public\nroute GET \"/o/{x}/\" public\n"))
                .containsExactly("main.policy:3:1: route GET \"/o/{x}/\" matches the same requests as the route declared at main.policy:2:1");
    }

    @Test
    void shouldRejectBadRoutePatternsAndMethods() {
        assertThat(errors("bundle \"t\"\nroute get \"/o\" public\nroute GET \"o\" public\nroute GET \"/a/{r...}/b\" public\n"))
                .containsExactly(
                        "main.policy:2:7: expected an upper-case HTTP method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS) or '*', found 'get'",
                        "main.policy:3:11: route pattern must start with '/'",
                        "main.policy:4:11: rest parameter {r...} must be the last segment");
    }

    @Test
    void shouldCheckNamesUsedByTests() {
        assertThat(errors("bundle \"t\"\nrole r {}\ntest \"x\" {\n  request GET \"/\"\n  as ghost { roles: [\"r\", \"nope\"] }\n  expect deny by nothing\n}\n"))
                .containsExactly(
                        "main.policy:5:6: unknown issuer 'ghost'",
                        "main.policy:5:27: unknown role 'nope'",
                        "main.policy:6:18: unknown rule 'nothing' after 'by': expected a rule name, 'route' or 'default'");
    }

    @Test
    void shouldRequireExactlyOneBundleDeclaration() {
        assertThat(errors("role r {}\n")).containsExactly(
                "main.policy:1:1: expected one 'bundle \"name\"' declaration in the bundle, found none");
    }

    @Test
    void shouldValidateLimits() {
        assertThat(errors("bundle \"t\"\nlimit l {\n  key { principal.sub }\n  algorithm leaky\n  rate 0 per 1x\n}\n"))
                .containsExactly(
                        "main.policy:2:7: limit 'l' needs a counting 'mode' (local or exact)",
                        "main.policy:4:13: unknown algorithm 'leaky': expected token_bucket, sliding_window, fixed_window or gcra",
                        "main.policy:5:8: rate must be positive in limit 'l'",
                        "main.policy:5:14: expected a duration unit (ms, s, m, h or d) in '1x'");
    }

    @Test
    void shouldReserveRuleNamesUsedByExpectations() {
        assertThat(errors("bundle \"t\"\nrule default deny\n")).containsExactly(
                "main.policy:2:6: 'default' is reserved (used by 'expect ... by'): choose another rule name");
    }
}
