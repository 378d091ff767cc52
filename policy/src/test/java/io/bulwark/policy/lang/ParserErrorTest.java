package io.bulwark.policy.lang;

import org.junit.jupiter.api.Test;

import static io.bulwark.policy.TestBundles.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParserErrorTest {

    @Test
    void shouldNameFileLineColumnAndWhatWasExpectedForAMisspeltKeyword() {
        assertThat(errors("bundle \"t\"\nroute GET \"/x\" requirs \"p\"\n")).containsExactly(
                "main.policy:2:16: expected 'requires' or 'public' after the route path, found 'requirs'");
    }

    @Test
    void shouldReportMissingBraceAfterIssuerUrl() {
        assertThat(errors("bundle \"t\"\n\nissuer corp \"https://id.test\"\n  audience \"a\"\n")).containsExactly(
                "main.policy:4:3: expected '{' to open the issuer block, found 'audience'");
    }

    @Test
    void shouldReportUnknownDeclaration() {
        assertThat(errors("bundle \"t\"\npolicy x {}\n")).containsExactly(
                "main.policy:2:1: expected a declaration (bundle, issuer, role, route, rule, list, limit, test) at top level, found 'policy'");
    }

    @Test
    void shouldReportUnterminatedStringAtItsStart() {
        assertThat(errors("bundle \"t\"\nrole r { permit \"orders:read }\n")).containsExactly(
                "main.policy:2:17: unterminated string: expected closing '\"' on the same line");
    }

    @Test
    void shouldReportUnterminatedExpressionBlockAtItsBrace() {
        assertThat(errors("bundle \"t\"\nrule r deny when { request.method == \"GET\"\n")).containsExactly(
                "main.policy:2:18: unterminated expression block: expected '}' to close the '{' opened here");
    }

    @Test
    void shouldReportBadCharacterAndBadEscape() {
        assertThat(errors("bundle \"t\"\nrole r { permit @ }\n")).containsExactly(
                "main.policy:2:17: unexpected character '@'");
        assertThat(errors("bundle \"t\\q\"\n")).containsExactly(
                "main.policy:1:10: unknown escape '\\q': expected one of \\\" \\\\ \\n \\t \\uXXXX");
    }

    @Test
    void shouldRequireAnExpectInEveryTest() {
        assertThat(errors("bundle \"t\"\ntest \"x\" {\n  request GET \"/\"\n}\n")).containsExactly(
                "main.policy:4:1: expected an 'expect' statement in test \"x\" before '}'");
    }

    @Test
    void shouldReportSyntaxErrorsOfEveryFileSortedByPath() {
        var r = io.bulwark.policy.TestBundles.compile("b.policy", "role {", "a.policy", "bundle 1");
        assertThat(r.errors()).extracting(Object::toString).containsExactly(
                "a.policy:1:8: expected string after 'bundle' (the bundle name), found number 1",
                "b.policy:1:6: expected identifier after 'role' (the role name), found '{'");
    }

    @Test
    void shouldKeepCelTextVerbatimIncludingBracesAndStrings() throws Exception {
        Ast.File f = Parser.parse("f", "rule r deny when { {'a': \"}\"}.size() == 1 && '{' != \"x\" }");
        Ast.RuleDecl r = (Ast.RuleDecl) f.decls().get(0);
        assertThat(r.condition().text()).isEqualTo(" {'a': \"}\"}.size() == 1 && '{' != \"x\" ");
        assertThat(r.condition().pos()).isEqualTo(new SourcePos("f", 1, 19));
    }

    @Test
    void shouldThrowSyntaxExceptionWithDiagnostic() {
        assertThatThrownBy(() -> Parser.parse("x.policy", "rule r maybe"))
                .isInstanceOf(PolicySyntaxException.class)
                .hasMessage("x.policy:1:8: expected an effect ('allow', 'deny' or 'challenge \"step\"') after the rule name, found 'maybe'");
    }
}
