package io.bulwark.policy.compile;

import io.bulwark.policy.lang.Diagnostic;
import io.bulwark.policy.v1.CompiledBundle;

import java.util.List;

/**
 * Outcome of a compilation: either a bundle with its canonical bytes and content hash, or the
 * errors (sorted by file, line, column). Never both.
 */
public record CompileResult(CompiledBundle bundle, byte[] canonicalBytes, String contentHash,
                            List<Diagnostic> errors) {

    public boolean ok() {
        return errors.isEmpty();
    }

    /** The errors one per line, {@code file:line:col: message}. */
    public String errorReport() {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : errors) {
            sb.append(d).append('\n');
        }
        return sb.toString();
    }
}
