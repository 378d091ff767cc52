package io.bulwark.cli.bundle;

import io.bulwark.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bundle fmt}: --check finds an unformatted file; fmt fixes it, idempotently, without changing the bundle. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FmtCommandTest {
    @TempDir
    Path tmp;

    @Test
    void shouldDetectFixAndLeaveAFormattedBundleAlone() throws Exception {
        final Path dir = BundleCli.copyExample(tmp);
        final Path roles = dir.resolve("roles.policy");
        final String before = BundleCli.run("bundle", "build", dir, "-o", tmp.resolve("before")).out();
        // Start from canonical layout (the example is hand-laid-out in places), so the only change is the one made.
        assertThat(BundleCli.run("bundle", "fmt", dir).exit()).isZero();
        assertThat(BundleCli.run("bundle", "fmt", "--check", dir).exit()).isZero();
        BundleCli.replace(roles, "role reader {\n  permit \"orders:read\"\n}", "role   reader{permit \"orders:read\"}");
        final String messy = Files.readString(roles);

        final BundleCli.Result check = BundleCli.run("bundle", "fmt", "--check", dir);

        assertThat(check.exit()).as(check.toString()).isEqualTo(ExitCodes.REJECTED);
        assertThat(check.out()).isEqualTo(roles + "\n");
        assertThat(check.err()).contains("1 file(s) not formatted");
        assertThat(Files.readString(roles)).as("--check writes nothing").isEqualTo(messy);

        final BundleCli.Result fix = BundleCli.run("bundle", "fmt", dir);

        assertThat(fix.exit()).as(fix.toString()).isZero();
        assertThat(fix.out()).isEqualTo(roles + "\n");
        assertThat(Files.readString(roles)).startsWith("role reader {\n  permit \"orders:read\"\n}\n");
        final String fixed = Files.readString(roles);
        final BundleCli.Result again = BundleCli.run("bundle", "fmt", dir);
        assertThat(again.exit()).isZero();
        assertThat(again.out()).as("idempotent: nothing left to change").isEmpty();
        assertThat(Files.readString(roles)).isEqualTo(fixed);
        assertThat(BundleCli.run("bundle", "fmt", "--check", dir).exit()).isZero();
        assertThat(BundleCli.run("bundle", "build", dir, "-o", tmp.resolve("after")).out())
            .as("formatting never changes the compiled bundle").isEqualTo(before);
    }

    @Test
    void shouldWriteNothingWhenAFileDoesNotParse() throws Exception {
        final Path dir = BundleCli.copyExample(tmp);
        BundleCli.replace(dir.resolve("roles.policy"), "role reader {\n  permit \"orders:read\"\n}",
            "role   reader{permit \"orders:read\"}");
        BundleCli.replace(dir.resolve("routes.policy"), "route GET \"/health\" public", "route GET \"/health\" pub");
        final String messy = Files.readString(dir.resolve("roles.policy"));

        final BundleCli.Result r = BundleCli.run("bundle", "fmt", dir);

        assertThat(r.exit()).isEqualTo(ExitCodes.REJECTED);
        assertThat(r.err()).contains(dir.resolve("routes.policy") + ":1:").contains("nothing was formatted");
        assertThat(Files.readString(dir.resolve("roles.policy"))).isEqualTo(messy);
    }
}
