package io.bulwark.policy;

import io.bulwark.policy.compile.BundleInput;
import io.bulwark.policy.compile.BundleSource;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.compile.PolicyCompiler;
import io.bulwark.policy.eval.CompiledPolicy;
import io.bulwark.policy.eval.PolicyBuildException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Compiles in-memory bundles for tests. */
public final class TestBundles {
    /** A minimal header every test bundle can start with. */
    public static final String HEADER = "bundle \"t\"\n";

    private TestBundles() {
    }

    public static CompileResult compile(String... pathAndText) {
        return compile(Map.of(), pathAndText);
    }

    public static CompileResult compile(Map<String, String> files, String... pathAndText) {
        List<BundleSource> sources = new ArrayList<>();
        for (int i = 0; i < pathAndText.length; i += 2) {
            sources.add(new BundleSource(pathAndText[i], pathAndText[i + 1]));
        }
        return PolicyCompiler.compile(BundleInput.of(sources, files));
    }

    /** Compiles one file {@code main.policy} and requires success. */
    public static CompileResult ok(String text) {
        CompileResult r = compile("main.policy", text);
        assertThat(r.errors()).as(r.errorReport()).isEmpty();
        return r;
    }

    /** Compiles one file and returns its error lines ({@code file:line:col: message}). */
    public static List<String> errors(String text) {
        CompileResult r = compile("main.policy", text);
        assertThat(r.ok()).as("expected compile errors").isFalse();
        return r.errors().stream().map(Object::toString).toList();
    }

    public static CompiledPolicy policy(String text) throws PolicyBuildException {
        CompileResult r = ok(text);
        return CompiledPolicy.build(r.bundle(), r.contentHash());
    }
}
