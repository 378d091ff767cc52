package io.bulwark.cli.bundle;

import io.bulwark.cli.BulwarkCli;
import io.bulwark.cli.CliContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Stream;

/** Runs {@code bulwark} in-process (through picocli, as the launcher does) and finds the example bundle and keys. */
final class BundleCli {
    /** The clock the CLI sees: signing times are reproducible. */
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private BundleCli() {
    }

    /** Exit code, stdout and stderr of one run. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(final Object... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CliContext ctx = new CliContext(Clock.fixed(NOW, ZoneOffset.UTC), new ByteArrayInputStream(new byte[0]),
            new PrintWriter(out, true), new PrintWriter(err, true), Map.of());
        final String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = String.valueOf(args[i]);
        }
        final int exit = BulwarkCli.execute(ctx, a);
        return new Result(exit, out.toString(), err.toString());
    }

    /** The repository's {@code examples/} directory (tests run in {@code cli-admin/}). */
    static Path examples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples/orders-bundle"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("examples/orders-bundle not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("examples");
    }

    static Path exampleBundle() {
        return examples().resolve("orders-bundle");
    }

    static Path signingKey() {
        return examples().resolve("keys/TEST-ONLY-bundle-signer.private.jwk.json");
    }

    static Path trustedKey() {
        return examples().resolve("keys/bundle-signer.public.jwk.json");
    }

    /** A copy of the example bundle under {@code dir}, free to break. */
    static Path copyExample(final Path dir) {
        final Path src = exampleBundle();
        final Path dst = dir.resolve("orders-bundle");
        try (Stream<Path> walk = Files.walk(src)) {
            for (final Path p : (Iterable<Path>) walk::iterator) {
                final Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return dst;
    }

    /** Replaces the first {@code from} in {@code file}; fails if absent, so a test cannot pass by editing nothing. */
    static void replace(final Path file, final String from, final String to) {
        try {
            final String s = Files.readString(file);
            if (!s.contains(from)) {
                throw new IllegalStateException(file + " does not contain " + from);
            }
            final int i = s.indexOf(from);
            Files.writeString(file, s.substring(0, i) + to + s.substring(i + from.length()));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
