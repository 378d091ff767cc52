package io.bulwark.policy.lang;

import java.util.List;

/**
 * The syntax tree of one bundle source file, exactly as written (names unresolved, expressions
 * unchecked). Every node keeps its position for diagnostics, and enough of the original spelling
 * (durations, raw strings, comments) for the formatter to print it back.
 */
public final class Ast {
    private Ast() {
    }

    /** One parsed file; {@code trailingComments} are comments after the last declaration. */
    public record File(String path, List<Decl> decls, List<String> trailingComments) {
    }

    /** A name (identifier) with its position. */
    public record Name(String value, SourcePos pos) {
    }

    /** A string literal; {@code raw} when written triple-quoted. */
    public record Str(String value, SourcePos pos, boolean raw) {
    }

    /** A number literal, possibly with a unit suffix ({@code 30s}), kept as written. */
    public record Num(String text, SourcePos pos) {
    }

    /** An embedded CEL expression, verbatim, and the position of its first character. */
    public record Cel(String text, SourcePos pos) {
    }

    /** A top-level declaration; {@code comments} are the comment lines written before it. */
    public sealed interface Decl permits BundleDecl, ListDecl, IssuerDecl, RoleDecl, RouteDecl, RuleDecl, LimitDecl, TestDecl {
        SourcePos pos();

        List<String> comments();
    }

    public record BundleDecl(SourcePos pos, List<String> comments, Str name, Str description) implements Decl {
    }

    public record ListDecl(SourcePos pos, List<String> comments, Name name, List<Str> values) implements Decl {
    }

    /** {@code jwks file "path"} ({@code file} true) or {@code jwks """{...}"""}. */
    public record Jwks(boolean file, Str value) {
    }

    public record IssuerDecl(SourcePos pos, List<String> comments, Name name, Str url, List<Str> audiences,
                             List<Name> algorithms, Jwks jwks, Num leeway, Str rolesClaim) implements Decl {
    }

    public record RoleDecl(SourcePos pos, List<String> comments, Name name, List<Name> inherits, List<Str> permits)
            implements Decl {
    }

    /** {@code permission} is null for a {@code public} route. */
    public record RouteDecl(SourcePos pos, List<String> comments, Name method, Str pattern, Str permission)
            implements Decl {
    }

    /** {@code step} is set for {@code challenge}; {@code condition} is null when the rule always applies. */
    public record RuleDecl(SourcePos pos, List<String> comments, Name name, Name effect, Str step, Cel condition)
            implements Decl {
    }

    public record LimitDecl(SourcePos pos, List<String> comments, Name name, Cel key, Cel when, Name algorithm,
                            Num rate, Num period, Num burst, Name mode) implements Decl {
    }

    /** A request header in a test. */
    public record Header(Str name, Str value) {
    }

    /**
     * A test case. {@code claims} null means an anonymous request; {@code issuer} may be null.
     * {@code expectBy} is a rule name, {@code route} or {@code default}, or null (not checked).
     */
    public record TestDecl(SourcePos pos, List<String> comments, Str name, Name method, Str path, List<Header> headers,
                           Str ip, Str tenant, Value resource, Name issuer, Value claims, Str at, Name expectEffect,
                           Str expectStep, Name expectBy) implements Decl {
    }

    /** A JSON-like literal value in a test (claims, resource). */
    public sealed interface Value permits StrValue, NumValue, BoolValue, ListValue, MapValue {
        SourcePos pos();
    }

    public record StrValue(Str str) implements Value {
        @Override
        public SourcePos pos() {
            return str.pos();
        }
    }

    public record NumValue(Num num) implements Value {
        @Override
        public SourcePos pos() {
            return num.pos();
        }
    }

    public record BoolValue(boolean value, SourcePos pos) implements Value {
    }

    public record ListValue(List<Value> items, SourcePos pos) implements Value {
    }

    /** Map entry keys are written as identifiers or strings; {@code quoted} keeps the spelling. */
    public record Entry(String key, boolean quoted, SourcePos pos, Value value) {
    }

    public record MapValue(List<Entry> entries, SourcePos pos) implements Value {
    }
}
