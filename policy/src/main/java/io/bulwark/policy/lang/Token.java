package io.bulwark.policy.lang;

/**
 * One token. {@code text} is the decoded value for strings (escapes resolved) and the source text
 * otherwise; {@code raw} says whether a string was written triple-quoted (the formatter keeps it so).
 */
public record Token(TokenKind kind, String text, SourcePos pos, boolean raw) {

    /** The token as named in "found ..." messages. */
    public String describe() {
        return switch (kind) {
            case EOF -> "end of file";
            case STRING -> "string \"" + abbreviate(text) + "\"";
            case IDENT -> "'" + text + "'";
            default -> kind == TokenKind.NUMBER ? "number " + text : kind.display();
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 21) + "...";
    }
}
