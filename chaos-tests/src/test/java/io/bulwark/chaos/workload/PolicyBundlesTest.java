package io.bulwark.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.chaos.harness.ExampleKeys;
import io.bulwark.policy.sign.BundleVerifier;
import io.bulwark.policy.sign.KeyFiles;
import io.bulwark.policy.sign.VerifiedBundle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy workload's bundles verify against the key the chaos nodes trust, each with its own hash. */
class PolicyBundlesTest {

    @Test
    void shouldBuildDistinctBundlesSignedForTheTrustedExampleKey() throws Exception {
        PolicyBundles bundles = PolicyBundles.variants(ExampleKeys.examplesDir(), 3);
        BundleVerifier verifier = new BundleVerifier(KeyFiles.readTrustedKeys(
                List.of(ExampleKeys.examplesDir().resolve("keys").resolve("bundle-signer.public.jwk.json"))));

        List<VerifiedBundle> verified = new ArrayList<>();
        for (byte[] file : bundles.signed()) {
            verified.add(verifier.verify(new String(file, StandardCharsets.UTF_8)));
        }
        Set<String> hashes = new HashSet<>();
        verified.forEach(v -> hashes.add(v.contentHash()));
        assertThat(bundles.names()).containsExactly("chaos-1", "chaos-2", "chaos-3");
        assertThat(hashes).hasSize(3);
        assertThat(verified.get(1).metadata().parent()).isEqualTo(verified.get(0).contentHash());
        // The same variants sign to the same bytes in every run (fixed signing time, deterministic Ed25519).
        assertThat(PolicyBundles.variants(ExampleKeys.examplesDir(), 1).signed().get(0))
                .isEqualTo(bundles.signed().get(0));
    }
}
