package io.bulwark.policy.compile;

import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import io.bulwark.policy.eval.PolicyCelEnv;
import io.bulwark.policy.lang.Ast;
import io.bulwark.policy.lang.Diagnostic;
import io.bulwark.policy.lang.SourcePos;

import java.util.Collection;
import java.util.List;

/**
 * Type-checks embedded CEL expressions against the declared inputs and maps CEL's positions
 * (line within the expression, 0-based column) back to {@code file:line:col} in the bundle.
 */
final class CelChecker {
    private final CelCompiler boolCompiler;
    private final CelCompiler stringCompiler;

    CelChecker(Collection<String> listNames) {
        this.boolCompiler = PolicyCelEnv.compiler(listNames, SimpleType.BOOL);
        this.stringCompiler = PolicyCelEnv.compiler(listNames, SimpleType.STRING);
    }

    /** Checks {@code cel} to be of {@code type} (BOOL or STRING); adds diagnostics on failure. */
    void check(Ast.Cel cel, CelType type, String what, List<Diagnostic> errors) {
        CelCompiler c = type == SimpleType.STRING ? stringCompiler : boolCompiler;
        CelValidationResult r = c.compile(cel.text());
        if (!r.hasError()) {
            return;
        }
        for (CelIssue issue : r.getErrors()) {
            errors.add(new Diagnostic(map(cel.pos(), issue), what + ": " + issue.getMessage()));
        }
    }

    private static SourcePos map(SourcePos start, CelIssue issue) {
        int line = issue.getSourceLocation().getLine();
        int col = issue.getSourceLocation().getColumn();
        if (line <= 0) {
            return start;
        }
        if (line == 1) {
            return new SourcePos(start.file(), start.line(), start.col() + Math.max(col, 0));
        }
        return new SourcePos(start.file(), start.line() + line - 1, Math.max(col, 0) + 1);
    }
}
