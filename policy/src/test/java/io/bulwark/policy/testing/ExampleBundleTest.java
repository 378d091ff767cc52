package io.bulwark.policy.testing;

import io.bulwark.policy.compile.BundleInput;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.compile.PolicyCompiler;
import io.bulwark.policy.eval.CompiledPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleBundleTest {
    static final Path EXAMPLE = Path.of("..", "examples", "orders-bundle");

    @Test
    void shouldCompileTheExampleBundleAndPassAllItsTests() throws Exception {
        CompileResult r = PolicyCompiler.compile(BundleInput.fromDirectory(EXAMPLE));
        assertThat(r.errors()).as(r.errorReport()).isEmpty();
        TestReport report = BundleTestRunner.run(CompiledPolicy.build(r.bundle(), r.contentHash()));
        assertThat(report.results()).hasSize(r.bundle().getTestsCount()).hasSizeGreaterThan(15);
        assertThat(report.allPassed()).as(report.describe()).isTrue();
    }
}
