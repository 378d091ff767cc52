package io.bulwark.chaos.history;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small, strict JSON subset histories use: one flat object per line whose values are strings,
 * integers or null. Parsing rejects anything else (nesting, floats, duplicate or trailing content),
 * so a damaged history file is an error, never a silently shorter history.
 */
public final class Json {
    private Json() {
    }

    /** Appends {@code s} as a JSON string literal (or {@code null}). */
    public static StringBuilder quote(StringBuilder out, String s) {
        if (s == null) {
            return out.append("null");
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        // Also escapes HTML-significant characters so the text can be embedded in a page.
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /**
     * Parses one flat object. Values come back as {@link String}, {@link Long} or null.
     *
     * @throws IllegalArgumentException with the offset of the first error
     */
    public static Map<String, Object> parseFlatObject(String text) {
        Parser p = new Parser(text);
        Map<String, Object> result = new LinkedHashMap<>();
        p.skipWs();
        p.expect('{');
        p.skipWs();
        if (p.peek() == '}') {
            p.pos++;
        } else {
            while (true) {
                p.skipWs();
                String name = p.string();
                p.skipWs();
                p.expect(':');
                p.skipWs();
                Object value = p.value();
                if (result.containsKey(name)) {
                    throw p.error("duplicate field \"" + name + "\"");
                }
                result.put(name, value);
                p.skipWs();
                char c = p.next();
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw p.error("expected ',' or '}'");
                }
            }
        }
        p.skipWs();
        if (p.pos != text.length()) {
            throw p.error("trailing content");
        }
        return result;
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        IllegalArgumentException error(String msg) {
            return new IllegalArgumentException(msg + " at offset " + pos);
        }

        char peek() {
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            return s.charAt(pos);
        }

        char next() {
            char c = peek();
            pos++;
            return c;
        }

        void expect(char c) {
            if (next() != c) {
                pos--;
                throw error("expected '" + c + "'");
            }
        }

        void skipWs() {
            while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
                pos++;
            }
        }

        Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (c == 'n') {
                if (!s.startsWith("null", pos)) {
                    throw error("bad literal");
                }
                pos += 4;
                return null;
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                int start = pos;
                if (c == '-') {
                    pos++;
                }
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                String digits = s.substring(start, pos);
                if (digits.equals("-") || digits.equals("-0") || (digits.length() > 1 && digits.startsWith("0"))
                        || digits.startsWith("-0")) {
                    throw error("bad number " + digits);
                }
                try {
                    return Long.parseLong(digits);
                } catch (NumberFormatException e) {
                    throw error("number out of range " + digits);
                }
            }
            throw error("expected a string, an integer or null");
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape \\" + e);
                }
            }
        }
    }
}
