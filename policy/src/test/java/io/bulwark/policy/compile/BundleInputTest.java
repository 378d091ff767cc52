package io.bulwark.policy.compile;

import io.bulwark.policy.eval.CompiledPolicy;
import io.bulwark.policy.eval.PolicyBuildException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleInputTest {

    @Test
    void shouldReadPolicyFilesRecursivelyAndRefuseFilesOutsideTheBundle(@TempDir Path tmp) throws Exception {
        Path bundle = Files.createDirectories(tmp.resolve("b/sub"));
        Files.writeString(tmp.resolve("secret.json"), "{\"keys\":[]}");
        Files.writeString(tmp.resolve("b/main.policy"), "bundle \"t\"\n");
        Files.writeString(bundle.resolve("more.policy"), "role r {}\n");
        Files.writeString(bundle.resolve("notes.txt"), "not policy");
        Files.createSymbolicLink(tmp.resolve("b/link.json"), tmp.resolve("secret.json"));
        BundleInput in = BundleInput.fromDirectory(tmp.resolve("b"));
        assertThat(in.sources()).extracting(BundleSource::path).containsExactly("main.policy", "sub/more.policy");
        assertThatThrownBy(() -> in.files().read("link.json")).hasMessage("path leaves the bundle directory");
        assertThatThrownBy(() -> in.files().read("../secret.json")).hasMessage("path leaves the bundle directory");
        assertThatThrownBy(() -> in.files().read("sub/none.json")).hasMessage("no such file in bundle");
        assertThat(PolicyCompiler.compile(in).ok()).isTrue();
    }

    @Test
    void shouldRefuseToActivateAnUnknownFormatVersion() {
        CompileResult r = io.bulwark.policy.TestBundles.ok("bundle \"t\"\n");
        assertThatThrownBy(() -> CompiledPolicy.build(r.bundle().toBuilder().setFormatVersion(2).build(), r.contentHash()))
                .isInstanceOf(PolicyBuildException.class).hasMessageContaining("format 2 is not supported");
    }
}
