package io.bulwark.chaos.workload;

import com.nimbusds.jose.jwk.JWK;
import io.bulwark.chaos.harness.ExampleKeys;
import io.bulwark.policy.compile.BundleInput;
import io.bulwark.policy.compile.BundleSource;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.compile.PolicyCompiler;
import io.bulwark.policy.sign.BundleMetadata;
import io.bulwark.policy.sign.BundleSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The signed bundles the policy workload pushes: variants of {@code examples/orders-bundle}, each with
 * one extra deny rule of its own (so each has its own content hash and the cluster stores each as its
 * own version), compiled and signed in-process with the project's compiler and the TEST-ONLY example
 * signing key, exactly as {@code bulwark bundle build} and {@code bundle sign} would. Each variant's
 * parent is the previous one's content hash, as a CI pipeline would record it.
 *
 * @param names  the variant names ({@code chaos-1}, {@code chaos-2}, …), used as the invoke value of a push
 * @param signed the signed-bundle files, one per name
 */
public record PolicyBundles(List<String> names, List<byte[]> signed) {
    /** The fixed signing time: the same variants sign to the same bytes in every run. */
    private static final long SIGNED_AT_MS = 1_767_225_600_000L;

    /** Validates that there is one file per name. */
    public PolicyBundles {
        names = List.copyOf(names);
        signed = List.copyOf(signed);
        if (names.isEmpty() || names.size() != signed.size()) {
            throw new IllegalArgumentException("one signed bundle per name, at least one");
        }
    }

    /** {@code count} variants built from {@code examples} (the repository's examples directory). */
    public static PolicyBundles variants(Path examples, int count) {
        try {
            JWK key = io.bulwark.policy.sign.KeyFiles.readSigningKey(ExampleKeys.bundleSignerPrivateKey());
            BundleInput base = BundleInput.fromDirectory(examples.resolve("orders-bundle"));
            List<String> names = new ArrayList<>();
            List<byte[]> files = new ArrayList<>();
            String parent = "";
            for (int i = 1; i <= count; i++) {
                String name = "chaos-" + i;
                List<BundleSource> sources = new ArrayList<>(base.sources());
                // A method no client sends: the rule changes the content hash, never a decision of the workload.
                sources.add(new BundleSource(name + ".policy",
                        "rule " + name + " deny when { request.method == \"CHAOS-" + i + "\" }\n"));
                CompileResult r = PolicyCompiler.compile(new BundleInput(sources, base.files()));
                if (!r.ok()) {
                    throw new IllegalStateException("chaos bundle " + name + " does not compile: " + r.errorReport());
                }
                files.add(BundleSigner.sign(r.canonicalBytes(), new BundleMetadata("orders", "chaos@bulwark.test",
                        parent, SIGNED_AT_MS), key).toJson().getBytes(StandardCharsets.UTF_8));
                names.add(name);
                parent = r.contentHash();
            }
            return new PolicyBundles(names, files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many variants there are. */
    public int size() {
        return names.size();
    }
}
