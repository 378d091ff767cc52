package io.bulwark.policy.compile;

import io.bulwark.policy.fmt.BundleFormatter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DeterminismTest {
    static final Path EXAMPLE = Path.of("..", "examples", "orders-bundle");

    private static CompileResult compileExample(List<BundleSource> sources) throws IOException {
        BundleInput dir = BundleInput.fromDirectory(EXAMPLE);
        CompileResult r = PolicyCompiler.compile(new BundleInput(sources, dir.files()));
        assertThat(r.errors()).as(r.errorReport()).isEmpty();
        return r;
    }

    @Test
    void shouldProduceIdenticalBytesWhenCompiledTwice() throws Exception {
        List<BundleSource> sources = BundleInput.fromDirectory(EXAMPLE).sources();
        CompileResult a = compileExample(sources);
        CompileResult b = compileExample(sources);
        assertThat(a.canonicalBytes()).isEqualTo(b.canonicalBytes());
        assertThat(a.contentHash()).isEqualTo(b.contentHash()).startsWith("sha256:").hasSize(7 + 64);
        assertThat(BundleHash.canonicalBytes(a.bundle())).isEqualTo(a.canonicalBytes());
    }

    @Test
    void shouldNotDependOnTheOrderFilesAreGivenIn() throws Exception {
        List<BundleSource> sources = new ArrayList<>(BundleInput.fromDirectory(EXAMPLE).sources());
        String expected = compileExample(sources).contentHash();
        Random random = new Random(42);
        for (int i = 0; i < 5; i++) {
            Collections.shuffle(sources, random);
            CompileResult r = compileExample(sources);
            assertThat(r.contentHash()).isEqualTo(expected);
        }
    }

    @Test
    void shouldKeepTheHashWhenSourcesAreOnlyReformatted() throws Exception {
        List<BundleSource> sources = BundleInput.fromDirectory(EXAMPLE).sources();
        List<BundleSource> formatted = new ArrayList<>();
        for (BundleSource s : sources) {
            formatted.add(new BundleSource(s.path(), BundleFormatter.format(s.path(), s.text())));
        }
        assertThat(compileExample(formatted).canonicalBytes()).isEqualTo(compileExample(sources).canonicalBytes());
    }

    @Test
    void shouldChangeTheHashWhenThePolicyChanges() throws Exception {
        List<BundleSource> sources = new ArrayList<>(BundleInput.fromDirectory(EXAMPLE).sources());
        String before = compileExample(sources).contentHash();
        sources.replaceAll(s -> s.path().equals("roles.policy")
                ? new BundleSource(s.path(), s.text().replace("permit \"orders:read\"", "permit \"orders:read\", \"orders:export\""))
                : s);
        assertThat(compileExample(sources).contentHash()).isNotEqualTo(before);
    }

    @Test
    void shouldSortUnorderedCollectionsInTheCompiledBundle() throws Exception {
        CompileResult r = compileExample(BundleInput.fromDirectory(EXAMPLE).sources());
        List<String> roles = r.bundle().getRolesList().stream().map(x -> x.getName()).toList();
        assertThat(roles).isSorted();
        assertThat(r.bundle().getRoles(0).getEffectivePermissionsList()).isSorted();
        // Rules keep declared order (file order by path, then position).
        assertThat(r.bundle().getRules(0).getName()).isEqualTo("block-abusive-ips");
        assertThat(Files.exists(EXAMPLE.resolve("keys/id.jwks.json"))).isTrue();
    }
}
