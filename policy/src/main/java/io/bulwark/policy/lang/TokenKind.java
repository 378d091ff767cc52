package io.bulwark.policy.lang;

/** Kinds of lexical tokens of the policy language. */
public enum TokenKind {
    IDENT("identifier"),
    STRING("string"),
    NUMBER("number"),
    LBRACE("'{'"),
    RBRACE("'}'"),
    LBRACKET("'['"),
    RBRACKET("']'"),
    COMMA("','"),
    SEMI("';'"),
    COLON("':'"),
    EQUALS("'='"),
    STAR("'*'"),
    EOF("end of file");

    private final String display;

    TokenKind(String display) {
        this.display = display;
    }

    /** How the kind is named in "expected ..." messages. */
    public String display() {
        return display;
    }
}
