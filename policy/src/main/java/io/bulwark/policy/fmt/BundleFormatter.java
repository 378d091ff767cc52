package io.bulwark.policy.fmt;

import io.bulwark.policy.lang.Ast;
import io.bulwark.policy.lang.Parser;
import io.bulwark.policy.lang.PolicySyntaxException;

import java.util.List;

/**
 * {@code bulwark bundle fmt}: prints a source file in canonical layout — two-space indentation,
 * one statement per line in a fixed order inside blocks, single-line declarations of one kind
 * grouped, a blank line between other declarations. Formatting is idempotent
 * ({@code format(format(x)) == format(x)}) and never changes the compiled bundle: CEL expressions
 * are kept verbatim (only trimmed), and comments are kept, moved in front of the declaration they
 * were written in.
 */
public final class BundleFormatter {
    private static final String INDENT = "  ";

    private BundleFormatter() {
    }

    /** Formats one source file. */
    public static String format(String path, String source) throws PolicySyntaxException {
        return print(Parser.parse(path, source));
    }

    /** Prints a parsed file. */
    public static String print(Ast.File file) {
        StringBuilder sb = new StringBuilder();
        Ast.Decl prev = null;
        for (Ast.Decl d : file.decls()) {
            if (prev != null && !(singleLine(prev) && singleLine(d) && prev.getClass() == d.getClass() && d.comments().isEmpty())) {
                sb.append('\n');
            }
            for (String c : d.comments()) {
                sb.append(c).append('\n');
            }
            decl(sb, d);
            prev = d;
        }
        if (!file.trailingComments().isEmpty()) {
            if (prev != null) {
                sb.append('\n');
            }
            file.trailingComments().forEach(c -> sb.append(c).append('\n'));
        }
        return sb.toString();
    }

    private static boolean singleLine(Ast.Decl d) {
        return d instanceof Ast.RouteDecl || d instanceof Ast.ListDecl
                || d instanceof Ast.RuleDecl r && (r.condition() == null || !r.condition().text().contains("\n"));
    }

    private static void decl(StringBuilder sb, Ast.Decl d) {
        if (d instanceof Ast.BundleDecl b) {
            sb.append("bundle ").append(str(b.name()));
            if (b.description() != null) {
                sb.append(" {\n").append(INDENT).append("description ").append(str(b.description())).append("\n}");
            }
            sb.append('\n');
        } else if (d instanceof Ast.ListDecl l) {
            sb.append("list ").append(l.name().value()).append(" = [");
            join(sb, l.values().stream().map(BundleFormatter::str).toList());
            sb.append("]\n");
        } else if (d instanceof Ast.IssuerDecl i) {
            sb.append("issuer ").append(i.name().value()).append(' ').append(str(i.url())).append(" {\n");
            if (!i.audiences().isEmpty()) {
                sb.append(INDENT).append("audience ");
                join(sb, i.audiences().stream().map(BundleFormatter::str).toList());
                sb.append('\n');
            }
            if (!i.algorithms().isEmpty()) {
                sb.append(INDENT).append("algorithms ");
                join(sb, i.algorithms().stream().map(Ast.Name::value).toList());
                sb.append('\n');
            }
            if (i.jwks() != null) {
                sb.append(INDENT).append("jwks ").append(i.jwks().file() ? "file " : "").append(str(i.jwks().value())).append('\n');
            }
            if (i.leeway() != null) {
                sb.append(INDENT).append("leeway ").append(i.leeway().text()).append('\n');
            }
            if (i.rolesClaim() != null) {
                sb.append(INDENT).append("roles_claim ").append(str(i.rolesClaim())).append('\n');
            }
            sb.append("}\n");
        } else if (d instanceof Ast.RoleDecl r) {
            sb.append("role ").append(r.name().value()).append(" {\n");
            if (!r.inherits().isEmpty()) {
                sb.append(INDENT).append("inherits ");
                join(sb, r.inherits().stream().map(Ast.Name::value).toList());
                sb.append('\n');
            }
            if (!r.permits().isEmpty()) {
                sb.append(INDENT).append("permit ");
                join(sb, r.permits().stream().map(BundleFormatter::str).toList());
                sb.append('\n');
            }
            sb.append("}\n");
        } else if (d instanceof Ast.RouteDecl r) {
            sb.append("route ").append(r.method().value()).append(' ').append(str(r.pattern()));
            sb.append(r.permission() == null ? " public" : " requires " + str(r.permission())).append('\n');
        } else if (d instanceof Ast.RuleDecl r) {
            sb.append("rule ").append(r.name().value()).append(' ').append(r.effect().value());
            if (r.step() != null) {
                sb.append(' ').append(str(r.step()));
            }
            if (r.condition() != null) {
                sb.append(" when ").append(cel(r.condition()));
            }
            sb.append('\n');
        } else if (d instanceof Ast.LimitDecl l) {
            limit(sb, l);
        } else {
            test(sb, (Ast.TestDecl) d);
        }
    }

    private static void limit(StringBuilder sb, Ast.LimitDecl l) {
        sb.append("limit ").append(l.name().value()).append(" {\n");
        if (l.key() != null) {
            sb.append(INDENT).append("key ").append(cel(l.key())).append('\n');
        }
        if (l.when() != null) {
            sb.append(INDENT).append("when ").append(cel(l.when())).append('\n');
        }
        if (l.algorithm() != null) {
            sb.append(INDENT).append("algorithm ").append(l.algorithm().value()).append('\n');
        }
        if (l.rate() != null) {
            sb.append(INDENT).append("rate ").append(l.rate().text()).append(" per ").append(l.period().text()).append('\n');
        }
        if (l.burst() != null) {
            sb.append(INDENT).append("burst ").append(l.burst().text()).append('\n');
        }
        if (l.mode() != null) {
            sb.append(INDENT).append("mode ").append(l.mode().value()).append('\n');
        }
        sb.append("}\n");
    }

    private static void test(StringBuilder sb, Ast.TestDecl t) {
        sb.append("test ").append(str(t.name())).append(" {\n");
        sb.append(INDENT).append("request ").append(t.method().value()).append(' ').append(str(t.path()));
        if (!t.headers().isEmpty() || t.ip() != null || t.tenant() != null || t.resource() != null) {
            sb.append(" {\n");
            String in = INDENT + INDENT;
            for (Ast.Header h : t.headers()) {
                sb.append(in).append("header ").append(str(h.name())).append(' ').append(str(h.value())).append('\n');
            }
            if (t.ip() != null) {
                sb.append(in).append("ip ").append(str(t.ip())).append('\n');
            }
            if (t.tenant() != null) {
                sb.append(in).append("tenant ").append(str(t.tenant())).append('\n');
            }
            if (t.resource() != null) {
                sb.append(in).append("resource ");
                value(sb, t.resource());
                sb.append('\n');
            }
            sb.append(INDENT).append('}');
        }
        sb.append('\n');
        if (t.claims() != null) {
            sb.append(INDENT).append("as ");
            if (t.issuer() != null) {
                sb.append(t.issuer().value()).append(' ');
            }
            value(sb, t.claims());
            sb.append('\n');
        }
        if (t.at() != null) {
            sb.append(INDENT).append("at ").append(str(t.at())).append('\n');
        }
        sb.append(INDENT).append("expect ").append(t.expectEffect().value());
        if (t.expectStep() != null) {
            sb.append(' ').append(str(t.expectStep()));
        }
        if (t.expectBy() != null) {
            sb.append(" by ").append(t.expectBy().value());
        }
        sb.append("\n}\n");
    }

    private static void value(StringBuilder sb, Ast.Value v) {
        if (v instanceof Ast.StrValue s) {
            sb.append(str(s.str()));
        } else if (v instanceof Ast.NumValue n) {
            sb.append(n.num().text());
        } else if (v instanceof Ast.BoolValue b) {
            sb.append(b.value());
        } else if (v instanceof Ast.ListValue l) {
            sb.append('[');
            for (int i = 0; i < l.items().size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                value(sb, l.items().get(i));
            }
            sb.append(']');
        } else {
            Ast.MapValue m = (Ast.MapValue) v;
            if (m.entries().isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{ ");
            for (int i = 0; i < m.entries().size(); i++) {
                Ast.Entry e = m.entries().get(i);
                if (i > 0) {
                    sb.append(", ");
                }
                sb.append(e.quoted() || !e.key().matches("[A-Za-z_][A-Za-z0-9_-]*") || isKeyword(e.key())
                        ? quote(e.key()) : e.key());
                sb.append(": ");
                value(sb, e.value());
            }
            sb.append(" }");
        }
    }

    private static boolean isKeyword(String s) {
        return s.equals("true") || s.equals("false");
    }

    private static String cel(Ast.Cel c) {
        return "{ " + c.text().strip() + " }";
    }

    private static void join(StringBuilder sb, List<String> items) {
        sb.append(String.join(", ", items));
    }

    private static String str(Ast.Str s) {
        return s.raw() ? "\"\"\"" + s.value() + "\"\"\"" : quote(s.value());
    }

    /** A double-quoted literal with the escapes the lexer reads back. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
