package io.bulwark.policy.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written, on-demand lexer. Tokens are produced one at a time so the parser can switch the
 * lexer into "raw" mode for an embedded CEL block ({@link #readRawBlock}), whose text is kept
 * verbatim for the CEL compiler.
 *
 * <p>Comments ({@code #} or {@code //} to end of line) are not tokens; they are collected with their
 * line so the formatter can keep them.
 */
public final class Lexer {
    private final String file;
    private final String src;
    private int offset;
    private int line = 1;
    private int col = 1;
    private final List<Comment> comments = new ArrayList<>();

    /** A comment and the line it sits on. */
    public record Comment(int line, String text) {
    }

    public Lexer(String file, String src) {
        this.file = file;
        this.src = src;
    }

    /** Comments seen so far, in source order. */
    public List<Comment> comments() {
        return comments;
    }

    private SourcePos pos() {
        return new SourcePos(file, line, col);
    }

    private char peekChar(int ahead) {
        int i = offset + ahead;
        return i < src.length() ? src.charAt(i) : '\0';
    }

    private char advanceChar() {
        char c = src.charAt(offset++);
        if (c == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        return c;
    }

    private void skipTrivia() {
        while (offset < src.length()) {
            char c = src.charAt(offset);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                advanceChar();
            } else if (c == '#' || (c == '/' && peekChar(1) == '/')) {
                int commentLine = line;
                int start = offset;
                while (offset < src.length() && src.charAt(offset) != '\n') {
                    advanceChar();
                }
                comments.add(new Comment(commentLine, src.substring(start, offset).stripTrailing()));
            } else {
                return;
            }
        }
    }

    /** The next token; {@link TokenKind#EOF} at the end (repeatedly). */
    public Token next() throws PolicySyntaxException {
        skipTrivia();
        SourcePos start = pos();
        if (offset >= src.length()) {
            return new Token(TokenKind.EOF, "", start, false);
        }
        char c = src.charAt(offset);
        switch (c) {
            case '{': advanceChar(); return new Token(TokenKind.LBRACE, "{", start, false);
            case '}': advanceChar(); return new Token(TokenKind.RBRACE, "}", start, false);
            case '[': advanceChar(); return new Token(TokenKind.LBRACKET, "[", start, false);
            case ']': advanceChar(); return new Token(TokenKind.RBRACKET, "]", start, false);
            case ',': advanceChar(); return new Token(TokenKind.COMMA, ",", start, false);
            case ';': advanceChar(); return new Token(TokenKind.SEMI, ";", start, false);
            case ':': advanceChar(); return new Token(TokenKind.COLON, ":", start, false);
            case '=': advanceChar(); return new Token(TokenKind.EQUALS, "=", start, false);
            case '*': advanceChar(); return new Token(TokenKind.STAR, "*", start, false);
            case '"': return string(start);
            default:
                break;
        }
        if (isIdentStart(c)) {
            int s = offset;
            while (offset < src.length() && isIdentPart(src.charAt(offset))) {
                advanceChar();
            }
            return new Token(TokenKind.IDENT, src.substring(s, offset), start, false);
        }
        if (c >= '0' && c <= '9' || c == '-' && Character.isDigit(peekChar(1))) {
            int s = offset;
            advanceChar();
            // digits, an optional fraction, and an optional unit suffix such as 30s or 500ms
            while (offset < src.length() && (Character.isLetterOrDigit(src.charAt(offset)) || src.charAt(offset) == '.')) {
                advanceChar();
            }
            return new Token(TokenKind.NUMBER, src.substring(s, offset), start, false);
        }
        throw new PolicySyntaxException(start, "unexpected character '" + c + "'");
    }

    private Token string(SourcePos start) throws PolicySyntaxException {
        if (peekChar(1) == '"' && peekChar(2) == '"') {
            advanceChar();
            advanceChar();
            advanceChar();
            int s = offset;
            while (offset < src.length()) {
                if (src.startsWith("\"\"\"", offset)) {
                    String text = src.substring(s, offset);
                    advanceChar();
                    advanceChar();
                    advanceChar();
                    return new Token(TokenKind.STRING, text, start, true);
                }
                advanceChar();
            }
            throw new PolicySyntaxException(start, "unterminated triple-quoted string: expected closing \"\"\"");
        }
        advanceChar();
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (offset >= src.length() || src.charAt(offset) == '\n') {
                throw new PolicySyntaxException(start, "unterminated string: expected closing '\"' on the same line");
            }
            char c = advanceChar();
            if (c == '"') {
                return new Token(TokenKind.STRING, sb.toString(), start, false);
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            // point at the backslash, which was just consumed
            SourcePos escPos = new SourcePos(file, line, col - 1);
            if (offset >= src.length()) {
                throw new PolicySyntaxException(escPos, "unterminated escape sequence");
            }
            char e = advanceChar();
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (offset + 4 > src.length()) {
                        throw new PolicySyntaxException(escPos, "expected 4 hex digits after \\u");
                    }
                    String hex = src.substring(offset, offset + 4);
                    try {
                        sb.append((char) Integer.parseInt(hex, 16));
                    } catch (NumberFormatException ex) {
                        throw new PolicySyntaxException(escPos, "expected 4 hex digits after \\u, found '" + hex + "'");
                    }
                    for (int i = 0; i < 4; i++) {
                        advanceChar();
                    }
                }
                default -> throw new PolicySyntaxException(escPos, "unknown escape '\\" + e + "': expected one of \\\" \\\\ \\n \\t \\uXXXX");
            }
        }
    }

    /**
     * Reads the body of a CEL block whose opening brace was the last token returned, up to the
     * matching closing brace (nested braces and CEL string literals are honoured). The lexer is left
     * just after that brace.
     *
     * @param open position of the opening brace, for the "unterminated" message
     * @return the verbatim text and the position of its first character
     */
    public RawBlock readRawBlock(SourcePos open) throws PolicySyntaxException {
        SourcePos textStart = pos();
        int s = offset;
        int depth = 0;
        while (offset < src.length()) {
            char c = src.charAt(offset);
            if (c == '\'' || c == '"') {
                skipCelString(c);
                continue;
            }
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    String text = src.substring(s, offset);
                    advanceChar();
                    return new RawBlock(text, textStart);
                }
                depth--;
            }
            advanceChar();
        }
        throw new PolicySyntaxException(open, "unterminated expression block: expected '}' to close the '{' opened here");
    }

    private void skipCelString(char quote) throws PolicySyntaxException {
        SourcePos start = pos();
        boolean triple = peekChar(1) == quote && peekChar(2) == quote;
        int quoteLen = triple ? 3 : 1;
        for (int i = 0; i < quoteLen; i++) {
            advanceChar();
        }
        while (offset < src.length()) {
            char c = src.charAt(offset);
            if (c == '\\') {
                advanceChar();
                if (offset < src.length()) {
                    advanceChar();
                }
                continue;
            }
            if (c == quote && (!triple || (peekChar(1) == quote && peekChar(2) == quote))) {
                for (int i = 0; i < quoteLen; i++) {
                    advanceChar();
                }
                return;
            }
            if (c == '\n' && !triple) {
                break;
            }
            advanceChar();
        }
        throw new PolicySyntaxException(start, "unterminated string literal in expression");
    }

    /** Verbatim text of an embedded CEL block and where it starts. */
    public record RawBlock(String text, SourcePos start) {
    }

    static boolean isIdentStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || c >= '0' && c <= '9' || c == '-';
    }
}
