package io.bulwark.policy.lang;

import io.bulwark.policy.lang.Ast.BundleDecl;
import io.bulwark.policy.lang.Ast.Cel;
import io.bulwark.policy.lang.Ast.Decl;
import io.bulwark.policy.lang.Ast.Entry;
import io.bulwark.policy.lang.Ast.Header;
import io.bulwark.policy.lang.Ast.IssuerDecl;
import io.bulwark.policy.lang.Ast.Jwks;
import io.bulwark.policy.lang.Ast.LimitDecl;
import io.bulwark.policy.lang.Ast.ListDecl;
import io.bulwark.policy.lang.Ast.Name;
import io.bulwark.policy.lang.Ast.Num;
import io.bulwark.policy.lang.Ast.RoleDecl;
import io.bulwark.policy.lang.Ast.RouteDecl;
import io.bulwark.policy.lang.Ast.RuleDecl;
import io.bulwark.policy.lang.Ast.Str;
import io.bulwark.policy.lang.Ast.TestDecl;
import io.bulwark.policy.lang.Ast.Value;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for one bundle source file (grammar in docs/policy-language.md).
 * Statements inside blocks may be separated by {@code ;} or just whitespace: every statement starts
 * with a keyword, so no separator is needed to tell them apart.
 *
 * <p>The parser stops at the first syntax error of a file and reports it as
 * {@code file:line:col: expected X ..., found Y}.
 */
public final class Parser {
    private final Lexer lexer;
    private Token tok;
    private int lastLine = 1;

    private Parser(String path, String text) {
        this.lexer = new Lexer(path, text);
    }

    /** Parses one file. */
    public static Ast.File parse(String path, String text) throws PolicySyntaxException {
        Parser p = new Parser(path, text);
        p.tok = p.lexer.next();
        return p.file(path);
    }

    private Ast.File file(String path) throws PolicySyntaxException {
        List<Decl> decls = new ArrayList<>();
        int commentMark = 0;
        while (tok.kind() != TokenKind.EOF) {
            Decl d = decl();
            List<String> own = new ArrayList<>();
            List<Lexer.Comment> all = lexer.comments();
            // Comments before the declaration and inside it belong to it; later ones to the next.
            while (commentMark < all.size() && all.get(commentMark).line() <= lastLine) {
                own.add(all.get(commentMark++).text());
            }
            decls.add(withComments(d, own));
        }
        List<String> trailing = new ArrayList<>();
        for (int i = commentMark; i < lexer.comments().size(); i++) {
            trailing.add(lexer.comments().get(i).text());
        }
        return new Ast.File(path, List.copyOf(decls), List.copyOf(trailing));
    }

    private static Decl withComments(Decl d, List<String> c) {
        List<String> cs = List.copyOf(c);
        if (d instanceof BundleDecl b) {
            return new BundleDecl(b.pos(), cs, b.name(), b.description());
        } else if (d instanceof ListDecl l) {
            return new ListDecl(l.pos(), cs, l.name(), l.values());
        } else if (d instanceof IssuerDecl i) {
            return new IssuerDecl(i.pos(), cs, i.name(), i.url(), i.audiences(), i.algorithms(), i.jwks(),
                    i.leeway(), i.rolesClaim());
        } else if (d instanceof RoleDecl r) {
            return new RoleDecl(r.pos(), cs, r.name(), r.inherits(), r.permits());
        } else if (d instanceof RouteDecl r) {
            return new RouteDecl(r.pos(), cs, r.method(), r.pattern(), r.permission());
        } else if (d instanceof RuleDecl r) {
            return new RuleDecl(r.pos(), cs, r.name(), r.effect(), r.step(), r.condition());
        } else if (d instanceof LimitDecl l) {
            return new LimitDecl(l.pos(), cs, l.name(), l.key(), l.when(), l.algorithm(), l.rate(),
                    l.period(), l.burst(), l.mode());
        }
        TestDecl t = (TestDecl) d;
        return new TestDecl(t.pos(), cs, t.name(), t.method(), t.path(), t.headers(), t.ip(), t.tenant(),
                t.resource(), t.issuer(), t.claims(), t.at(), t.expectEffect(), t.expectStep(), t.expectBy());
    }

    // ---- token helpers -------------------------------------------------------------------------

    private Token advance() throws PolicySyntaxException {
        Token t = tok;
        lastLine = t.pos().line();
        tok = lexer.next();
        return t;
    }

    private boolean isKeyword(String kw) {
        return tok.kind() == TokenKind.IDENT && tok.text().equals(kw);
    }

    private PolicySyntaxException expected(String what, String context) {
        return new PolicySyntaxException(tok.pos(), "expected " + what + " " + context + ", found " + tok.describe());
    }

    private Token expect(TokenKind kind, String context) throws PolicySyntaxException {
        if (tok.kind() != kind) {
            throw expected(kind.display(), context);
        }
        return advance();
    }

    private void expectKeyword(String kw, String context) throws PolicySyntaxException {
        if (!isKeyword(kw)) {
            throw expected("'" + kw + "'", context);
        }
        advance();
    }

    private Name name(String context) throws PolicySyntaxException {
        Token t = expect(TokenKind.IDENT, context);
        return new Name(t.text(), t.pos());
    }

    private Str str(String context) throws PolicySyntaxException {
        Token t = expect(TokenKind.STRING, context);
        return new Str(t.text(), t.pos(), t.raw());
    }

    private Num num(String context) throws PolicySyntaxException {
        Token t = expect(TokenKind.NUMBER, context);
        return new Num(t.text(), t.pos());
    }

    private void optionalSemi() throws PolicySyntaxException {
        if (tok.kind() == TokenKind.SEMI) {
            advance();
        }
    }

    private List<Str> strList(String context) throws PolicySyntaxException {
        return commaList(() -> str(context));
    }

    private List<Name> nameList(String context) throws PolicySyntaxException {
        return commaList(() -> name(context));
    }

    /** One or more items separated by commas (no brackets, no trailing comma). */
    private <T> List<T> commaList(Part<T> item) throws PolicySyntaxException {
        List<T> out = new ArrayList<>();
        out.add(item.parse());
        while (tok.kind() == TokenKind.COMMA) {
            advance();
            out.add(item.parse());
        }
        return List.copyOf(out);
    }

    private Cel celBlock(String context) throws PolicySyntaxException {
        if (tok.kind() != TokenKind.LBRACE) {
            throw expected("'{' to open an expression", context);
        }
        // The lexer stands just after '{': read the CEL text raw, then resume normal lexing.
        Lexer.RawBlock raw = lexer.readRawBlock(tok.pos());
        tok = lexer.next();
        if (raw.text().isBlank()) {
            throw new PolicySyntaxException(raw.start(), "expected an expression " + context + ", found an empty block");
        }
        lastLine = Math.max(lastLine, raw.start().line() + (int) raw.text().chars().filter(c -> c == '\n').count());
        return new Cel(raw.text(), raw.start());
    }

    private PolicySyntaxException duplicate(String stmt, SourcePos pos) {
        return new PolicySyntaxException(pos, "duplicate '" + stmt + "' statement in this block");
    }

    /** A parse step that may fail with a syntax error. */
    @FunctionalInterface
    private interface Part<T> {
        T parse() throws PolicySyntaxException;
    }

    /**
     * Parses a statement that may appear once per block: the current token is its keyword;
     * {@code existing} is what an earlier occurrence produced (null if none).
     */
    private <T> T once(T existing, String stmt, Part<T> part) throws PolicySyntaxException {
        SourcePos p = tok.pos();
        if (existing != null) {
            throw duplicate(stmt, p);
        }
        advance();
        return part.parse();
    }

    // ---- declarations -------------------------------------------------------------------------

    private Decl decl() throws PolicySyntaxException {
        if (tok.kind() != TokenKind.IDENT) {
            throw expected("a declaration (bundle, issuer, role, route, rule, list, limit, test)", "at top level");
        }
        return switch (tok.text()) {
            case "bundle" -> bundle();
            case "issuer" -> issuer();
            case "role" -> role();
            case "route" -> route();
            case "rule" -> rule();
            case "list" -> list();
            case "limit" -> limit();
            case "test" -> test();
            default -> throw expected("a declaration (bundle, issuer, role, route, rule, list, limit, test)", "at top level");
        };
    }

    private BundleDecl bundle() throws PolicySyntaxException {
        SourcePos pos = advance().pos();
        Str name = str("after 'bundle' (the bundle name)");
        Str description = null;
        if (tok.kind() == TokenKind.LBRACE) {
            advance();
            while (tok.kind() != TokenKind.RBRACE) {
                if (isKeyword("description")) {
                    SourcePos p = advance().pos();
                    if (description != null) {
                        throw duplicate("description", p);
                    }
                    description = str("after 'description'");
                    optionalSemi();
                } else {
                    throw expected("'description' or '}'", "in bundle block");
                }
            }
            advance();
        }
        optionalSemi();
        return new BundleDecl(pos, List.of(), name, description);
    }

    private ListDecl list() throws PolicySyntaxException {
        SourcePos pos = advance().pos();
        Name name = name("after 'list' (the list name)");
        expect(TokenKind.EQUALS, "after list name");
        expect(TokenKind.LBRACKET, "to open the list values");
        List<Str> values = delimited(TokenKind.RBRACKET, "a list value", () -> str("as a list value"));
        optionalSemi();
        return new ListDecl(pos, List.of(), name, values);
    }

    private IssuerDecl issuer() throws PolicySyntaxException {
        SourcePos pos = advance().pos();
        Name name = name("after 'issuer' (the issuer's name in this bundle)");
        Str url = str("after the issuer name (the issuer URL, the token's 'iss')");
        expect(TokenKind.LBRACE, "to open the issuer block");
        List<Str> audiences = new ArrayList<>();
        List<Name> algorithms = null;
        Jwks jwks = null;
        Num leeway = null;
        Str rolesClaim = null;
        while (tok.kind() != TokenKind.RBRACE) {
            if (tok.kind() != TokenKind.IDENT) {
                throw expected("'audience', 'algorithms', 'jwks', 'leeway', 'roles_claim' or '}'", "in issuer block");
            }
            switch (tok.text()) {
                case "audience" -> {
                    advance();
                    audiences.addAll(strList("after 'audience'"));
                }
                case "algorithms" -> algorithms = once(algorithms, "algorithms", () -> nameList("after 'algorithms' (e.g. RS256, ES256, EdDSA)"));
                case "jwks" -> jwks = once(jwks, "jwks", this::jwks);
                case "leeway" -> leeway = once(leeway, "leeway", () -> num("after 'leeway' (a duration such as 30s)"));
                case "roles_claim" -> rolesClaim = once(rolesClaim, "roles_claim", () -> str("after 'roles_claim'"));
                default -> throw expected("'audience', 'algorithms', 'jwks', 'leeway', 'roles_claim' or '}'", "in issuer block");
            }
            optionalSemi();
        }
        advance();
        optionalSemi();
        return new IssuerDecl(pos, List.of(), name, url, List.copyOf(audiences),
                algorithms == null ? List.of() : algorithms, jwks, leeway, rolesClaim);
    }

    private Jwks jwks() throws PolicySyntaxException {
        if (isKeyword("file")) {
            advance();
            return new Jwks(true, str("after 'jwks file' (a path inside the bundle)"));
        }
        return new Jwks(false, str("after 'jwks': 'file \"path\"' or an inline JSON string"));
    }

    private RoleDecl role() throws PolicySyntaxException {
        SourcePos pos = advance().pos();
        Name name = name("after 'role' (the role name)");
        List<Name> inherits = new ArrayList<>();
        List<Str> permits = new ArrayList<>();
        expect(TokenKind.LBRACE, "to open the role block");
        while (tok.kind() != TokenKind.RBRACE) {
            if (isKeyword("inherits")) {
                advance();
                inherits.addAll(nameList("after 'inherits' (role names)"));
            } else if (isKeyword("permit")) {
                advance();
                permits.addAll(strList("after 'permit' (permission strings)"));
            } else {
                throw expected("'inherits', 'permit' or '}'", "in role block");
            }
            optionalSemi();
        }
        advance();
        optionalSemi();
        return new RoleDecl(pos, List.of(), name, List.copyOf(inherits), List.copyOf(permits));
    }

    private Name method(String context) throws PolicySyntaxException {
        if (tok.kind() == TokenKind.STAR) {
            Token t = advance();
            return new Name("*", t.pos());
        }
        if (tok.kind() != TokenKind.IDENT) {
            throw expected("an HTTP method (GET, POST, ...) or '*'", context);
        }
        Token t = advance();
        return new Name(t.text(), t.pos());
    }

    private RouteDecl route() throws PolicySyntaxException {
        SourcePos pos = advance().pos();
        Name method = method("after 'route'");
        Str pattern = str("after the route method (the path pattern, e.g. \"/orders/{id}\")");
        Str permission = null;
        if (isKeyword("requires")) {
            advance();
            permission = str("after 'requires' (a permission such as \"orders:read\")");
        } else if (isKeyword("public")) {
            advance();
        } else {
            throw expected("'requires' or 'public'", "after the route path");
        }
        optionalSemi();
        return new RouteDecl(pos, List.of(), method, pattern, permission);
    }

    private RuleDecl rule() throws PolicySyntaxException {
        SourcePos pos = advance().pos();
        Name name = name("after 'rule' (the rule name)");
        if (!isKeyword("allow") && !isKeyword("deny") && !isKeyword("challenge")) {
            throw expected("an effect ('allow', 'deny' or 'challenge \"step\"')", "after the rule name");
        }
        Token e = advance();
        Name effect = new Name(e.text(), e.pos());
        Str step = null;
        if (e.text().equals("challenge")) {
            step = str("after 'challenge' (the step-up step, e.g. \"mfa\")");
        }
        Cel condition = null;
        if (isKeyword("when")) {
            advance();
            condition = celBlock("after 'when'");
        }
        optionalSemi();
        return new RuleDecl(pos, List.of(), name, effect, step, condition);
    }

    private LimitDecl limit() throws PolicySyntaxException {
        SourcePos pos = advance().pos();
        Name name = name("after 'limit' (the limit name)");
        expect(TokenKind.LBRACE, "to open the limit block");
        Cel key = null;
        Cel when = null;
        Name algorithm = null;
        Num rate = null;
        Num period = null;
        Num burst = null;
        Name mode = null;
        String stmts = "'key', 'when', 'algorithm', 'rate', 'burst', 'mode' or '}'";
        while (tok.kind() != TokenKind.RBRACE) {
            if (tok.kind() != TokenKind.IDENT) {
                throw expected(stmts, "in limit block");
            }
            switch (tok.text()) {
                case "key" -> key = once(key, "key", () -> celBlock("after 'key'"));
                case "when" -> when = once(when, "when", () -> celBlock("after 'when'"));
                case "algorithm" -> algorithm = once(algorithm, "algorithm", () -> name("after 'algorithm' (token_bucket, sliding_window, fixed_window or gcra)"));
                case "rate" -> {
                    rate = once(rate, "rate", () -> num("after 'rate' (requests per period, e.g. 'rate 100 per 1m')"));
                    expectKeyword("per", "after the rate count");
                    period = num("after 'per' (a duration such as 1s or 1m)");
                }
                case "burst" -> burst = once(burst, "burst", () -> num("after 'burst'"));
                case "mode" -> mode = once(mode, "mode", () -> name("after 'mode' (local or exact)"));
                default -> throw expected(stmts, "in limit block");
            }
            optionalSemi();
        }
        advance();
        optionalSemi();
        return new LimitDecl(pos, List.of(), name, key, when, algorithm, rate, period, burst, mode);
    }

    private TestDecl test() throws PolicySyntaxException {
        SourcePos pos = advance().pos();
        Str name = str("after 'test' (the test name)");
        expect(TokenKind.LBRACE, "to open the test block");
        Name method = null;
        Str path = null;
        List<Header> headers = new ArrayList<>();
        Str ip = null;
        Str tenant = null;
        Value resource = null;
        Name issuer = null;
        Value claims = null;
        Str at = null;
        Name expectEffect = null;
        Str expectStep = null;
        Name expectBy = null;
        while (tok.kind() != TokenKind.RBRACE) {
            if (tok.kind() != TokenKind.IDENT) {
                throw expected("'request', 'as', 'at', 'expect' or '}'", "in test block");
            }
            SourcePos p = tok.pos();
            switch (tok.text()) {
                case "request" -> {
                    method = once(method, "request", () -> method("after 'request'"));
                    path = str("after the request method (the request path)");
                    if (tok.kind() == TokenKind.LBRACE) {
                        advance();
                        while (tok.kind() != TokenKind.RBRACE) {
                            if (isKeyword("header")) {
                                advance();
                                Str h = str("after 'header' (the header name)");
                                headers.add(new Header(h, str("after the header name (the header value)")));
                            } else if (isKeyword("ip")) {
                                advance();
                                ip = str("after 'ip'");
                            } else if (isKeyword("tenant")) {
                                advance();
                                tenant = str("after 'tenant'");
                            } else if (isKeyword("resource")) {
                                advance();
                                if (tok.kind() != TokenKind.LBRACE) {
                                    throw expected("'{' to open the resource attributes", "after 'resource'");
                                }
                                resource = value("as the resource");
                            } else {
                                throw expected("'header', 'ip', 'tenant', 'resource' or '}'", "in request block");
                            }
                            optionalSemi();
                        }
                        advance();
                    }
                }
                case "as" -> {
                    advance();
                    if (claims != null) {
                        throw duplicate("as", p);
                    }
                    if (tok.kind() == TokenKind.IDENT) {
                        issuer = name("after 'as'");
                    }
                    if (tok.kind() != TokenKind.LBRACE) {
                        throw expected("'{' to open the principal's claims", "after 'as'");
                    }
                    claims = value("as the principal's claims");
                }
                case "at" -> at = once(at, "at", () -> str("after 'at' (an instant such as \"2026-01-01T00:00:00Z\")"));
                case "expect" -> {
                    advance();
                    if (expectEffect != null) {
                        throw duplicate("expect", p);
                    }
                    if (!isKeyword("allow") && !isKeyword("deny") && !isKeyword("challenge")) {
                        throw expected("'allow', 'deny' or 'challenge'", "after 'expect'");
                    }
                    expectEffect = name("after 'expect'");
                    if (expectEffect.value().equals("challenge") && tok.kind() == TokenKind.STRING) {
                        expectStep = str("after 'challenge'");
                    }
                    if (isKeyword("by")) {
                        advance();
                        expectBy = name("after 'by' (a rule name, 'route' or 'default')");
                    }
                }
                default -> throw expected("'request', 'as', 'at', 'expect' or '}'", "in test block");
            }
            optionalSemi();
        }
        SourcePos close = tok.pos();
        advance();
        optionalSemi();
        if (method == null) {
            throw new PolicySyntaxException(close, "expected a 'request' statement in test \"" + name.value() + "\" before '}'");
        }
        if (expectEffect == null) {
            throw new PolicySyntaxException(close, "expected an 'expect' statement in test \"" + name.value() + "\" before '}'");
        }
        return new TestDecl(pos, List.of(), name, method, path, List.copyOf(headers), ip, tenant, resource, issuer,
                claims, at, expectEffect, expectStep, expectBy);
    }

    private Entry entry() throws PolicySyntaxException {
        if (tok.kind() != TokenKind.IDENT && tok.kind() != TokenKind.STRING) {
            throw expected("a key (name or string) or '}'", "in a map");
        }
        Token k = advance();
        expect(TokenKind.COLON, "after the map key '" + k.text() + "'");
        return new Entry(k.text(), k.kind() == TokenKind.STRING, k.pos(), value("as the value of '" + k.text() + "'"));
    }

    /** Comma-separated items up to {@code close} (a trailing comma is fine); consumes {@code close}. */
    private <T> List<T> delimited(TokenKind close, String what, Part<T> item) throws PolicySyntaxException {
        List<T> out = new ArrayList<>();
        while (tok.kind() != close) {
            out.add(item.parse());
            if (tok.kind() == TokenKind.COMMA) {
                advance();
            } else if (tok.kind() != close) {
                throw expected("',' or " + close.display(), "after " + what);
            }
        }
        advance();
        return List.copyOf(out);
    }

    private Value value(String context) throws PolicySyntaxException {
        switch (tok.kind()) {
            case STRING:
                return new Ast.StrValue(str(context));
            case NUMBER:
                return new Ast.NumValue(num(context));
            case IDENT:
                if (isKeyword("true") || isKeyword("false")) {
                    Token t = advance();
                    return new Ast.BoolValue(t.text().equals("true"), t.pos());
                }
                throw expected("a value (string, number, true, false, [list] or {map})", context);
            case LBRACKET: {
                SourcePos p = advance().pos();
                return new Ast.ListValue(delimited(TokenKind.RBRACKET, "a list item", () -> value("as a list item")), p);
            }
            case LBRACE: {
                SourcePos p = advance().pos();
                return new Ast.MapValue(delimited(TokenKind.RBRACE, "a map entry", this::entry), p);
            }
            default:
                throw expected("a value (string, number, true, false, [list] or {map})", context);
        }
    }
}
