package io.bulwark.cli.bundle;

import io.bulwark.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@code bundle} verb explains itself: usage, exit codes and a runnable example. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BundleHelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"fmt", "validate", "test", "build", "sign", "verify", "diff", "push", "shadow", "promote",
        "rollback", "history", "status"})
    void shouldDocumentExitCodesAndAnExample(final String verb) {
        final BundleCli.Result r = BundleCli.run("bundle", verb, "--help");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("Usage: bulwark bundle " + verb).contains("Exit codes:")
            .contains("  4   rejected").contains("In this command:").contains("Examples:")
            .contains("  bulwark bundle " + verb + " ");
    }

    @Test
    void shouldListTheVerbsWhenNoneIsGiven() {
        final BundleCli.Result r = BundleCli.run("bundle");
        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("missing command: one of fmt, validate, test, build, sign, verify, diff, push, "
            + "shadow, promote, rollback, history, status");
    }

    @Test
    void shouldBeListedInTheRootHelp() {
        assertThat(BundleCli.run("--help").out()).containsPattern("(?m)^  bundle\\s+Policy bundles as code, offline");
    }
}
