package io.bulwark.policy.compile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the compiler reads: the bundle's {@code .policy} sources and a way to read other files of the
 * bundle (JWKS files) by relative path. Order of {@link #sources()} does not matter: the compiler
 * sorts by path.
 */
public final class BundleInput {
    /** Extension of policy source files. */
    public static final String EXTENSION = ".policy";

    /** Reads a non-policy file of the bundle by its relative path. */
    @FunctionalInterface
    public interface FileReader {
        String read(String relativePath) throws IOException;
    }

    private final List<BundleSource> sources;
    private final FileReader files;

    public BundleInput(List<BundleSource> sources, FileReader files) {
        this.sources = List.copyOf(sources);
        this.files = files;
    }

    /** Sources held in memory, other files from {@code files} (tests, tools). */
    public static BundleInput of(List<BundleSource> sources, Map<String, String> files) {
        return new BundleInput(sources, rel -> {
            String s = files.get(rel);
            if (s == null) {
                throw new IOException("no such file in bundle");
            }
            return s;
        });
    }

    /**
     * Every {@code *.policy} file under {@code root} (recursively); other files are read on demand
     * and only from inside {@code root}.
     */
    public static BundleInput fromDirectory(Path root) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        List<BundleSource> sources = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(EXTENSION)).sorted()::iterator) {
                String rel = base.relativize(p).toString().replace('\\', '/');
                sources.add(new BundleSource(rel, Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        return new BundleInput(sources, rel -> {
            Path p = base.resolve(rel).normalize();
            // A bundle may only reference its own files: no escaping the root with '..' or links.
            if (!p.startsWith(base)) {
                throw new IOException("path leaves the bundle directory");
            }
            if (!Files.isRegularFile(p)) {
                throw new IOException("no such file in bundle");
            }
            if (!p.toRealPath().startsWith(base.toRealPath())) {
                throw new IOException("path leaves the bundle directory");
            }
            return Files.readString(p, StandardCharsets.UTF_8);
        });
    }

    public List<BundleSource> sources() {
        return sources;
    }

    public FileReader files() {
        return files;
    }
}
