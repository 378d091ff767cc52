package io.bulwark.bench.jmh;

import io.bulwark.policy.compile.BundleInput;
import io.bulwark.policy.compile.BundleSource;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.compile.PolicyCompiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The example bundle ({@code examples/orders-bundle}) compiled the way a node compiles an activated
 * version, for benchmark set-up. The directory comes from {@code -Dbulwark.example.bundle=DIR}, else
 * it is looked for from the working directory upwards, so {@code bench/bin/jmh} works from the
 * repository root or from {@code bench/}.
 */
final class ExampleBundle {
    /** System property naming the bundle directory explicitly. */
    static final String DIR_PROPERTY = "bulwark.example.bundle";

    private ExampleBundle() {
    }

    /** The example bundle's directory; fails with the places it looked. */
    static Path directory() {
        String explicit = System.getProperty(DIR_PROPERTY);
        if (explicit != null) {
            return Path.of(explicit);
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("examples").resolve("orders-bundle");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/orders-bundle not found from " + start
                + " upwards: run from the repository or pass -D" + DIR_PROPERTY + "=DIR");
    }

    /**
     * Compiles the example bundle plus {@code extraSources} (in-memory {@code .policy} files, e.g.
     * a benchmark issuer whose keys were generated in set-up). Fails on any compile error.
     */
    static CompileResult compile(BundleSource... extraSources) throws IOException {
        BundleInput dir = BundleInput.fromDirectory(directory());
        List<BundleSource> sources = new ArrayList<>(dir.sources());
        sources.addAll(List.of(extraSources));
        CompileResult r = PolicyCompiler.compile(new BundleInput(sources, dir.files()));
        if (!r.ok()) {
            throw new IllegalStateException("example bundle does not compile:\n" + r.errorReport());
        }
        return r;
    }
}
