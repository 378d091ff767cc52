package io.bulwark.cli.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import io.bulwark.cli.ExitCodes;
import io.bulwark.policy.compile.BundleHash;
import io.bulwark.policy.compile.BundleInput;
import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.compile.PolicyCompiler;
import io.bulwark.policy.eval.CompiledPolicy;
import io.bulwark.policy.eval.PolicyBuildException;
import io.bulwark.policy.lang.Diagnostic;
import io.bulwark.policy.sign.BundleVerificationException;
import io.bulwark.policy.sign.SignedBundle;
import io.bulwark.policy.v1.CompiledBundle;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Reads what the bundle commands are given — source directories, compiled files, signed files — and writes their
 * outputs, turning every I/O or format problem into a {@link BundleInputException} with a precise message.
 */
final class BundleLoader {
    /** Larger inputs are refused rather than read into memory: a real bundle is kilobytes. */
    static final long MAX_FILE_BYTES = 32L * 1024 * 1024;

    private BundleLoader() {
    }

    /** {@code dir} if it is a directory holding at least one {@code .policy} file. */
    static Path requireBundleDirectory(final Path dir) {
        if (!Files.exists(dir)) {
            throw new BundleInputException(ExitCodes.NOT_FOUND, dir + ": no such directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new BundleInputException(ExitCodes.USAGE, dir + ": not a directory (give the bundle's source "
                + "directory)");
        }
        return dir;
    }

    /** Reads every source of the bundle in {@code dir}. */
    static BundleInput read(final Path dir) {
        requireBundleDirectory(dir);
        final BundleInput input;
        try {
            input = BundleInput.fromDirectory(dir);
        } catch (final IOException e) {
            throw ioFailure(dir, e);
        }
        if (input.sources().isEmpty()) {
            throw new BundleInputException(ExitCodes.USAGE, dir + ": no " + BundleInput.EXTENSION
                + " files (not a bundle directory?)");
        }
        return input;
    }

    /** Compiles the bundle in {@code dir}; errors are in the result. */
    static CompileResult compile(final Path dir) {
        return PolicyCompiler.compile(read(dir));
    }

    /** A diagnostic as {@code DIR/file:line:col: message}, so an editor or CI log points at the real file. */
    static String describe(final Path dir, final Diagnostic d) {
        final String file = d.pos().file();
        return file == null || file.isEmpty() ? d.toString()
            : dir.resolve(file) + d.toString().substring(file.length());
    }

    /** Prints a failed compilation's errors to {@code err}, one per line. */
    static void printErrors(final Path dir, final CompileResult result, final PrintWriter err) {
        for (final Diagnostic d : result.errors()) {
            err.println(describe(dir, d));
        }
    }

    /** {@code "N error(s)"}. */
    static String errorCount(final CompileResult result) {
        return result.errors().size() + (result.errors().size() == 1 ? " error" : " errors");
    }

    /**
     * Prints a failed compilation (each error, then one {@code error:} line saying what did not happen) and returns
     * the exit code for it.
     */
    static int compileFailure(final Path dir, final CompileResult result, final PrintWriter err,
                              final String consequence) {
        printErrors(dir, result, err);
        err.println("error: the bundle does not compile (" + errorCount(result) + "); " + consequence);
        return ExitCodes.REJECTED;
    }

    /**
     * A bundle from a source directory (compiled; errors printed to {@code err}), a compiled file or a signed file
     * (told apart by content). A signed file's content hash is checked against its bytes, but not its signature:
     * that is {@code bundle verify}'s job, with trusted keys.
     */
    static LoadedBundle load(final Path path, final PrintWriter err) {
        if (Files.isDirectory(path)) {
            final CompileResult r = compile(path);
            if (!r.ok()) {
                printErrors(path, r, err);
                throw new BundleInputException(ExitCodes.REJECTED, path + ": the bundle does not compile ("
                    + errorCount(r) + ")");
            }
            return new LoadedBundle(LoadedBundle.Kind.DIRECTORY, r.bundle(), r.canonicalBytes(), r.contentHash(), null);
        }
        final byte[] bytes = readFile(path);
        if (looksLikeJson(bytes)) {
            return signed(path, bytes);
        }
        return compiled(path, bytes);
    }

    /**
     * The evaluator for {@code bundle}, as the node would build it at activation (CEL programs created, routes
     * ordered); a bundle that cannot be activated is refused with the reason.
     */
    static CompiledPolicy evaluator(final Path origin, final CompiledBundle bundle, final String contentHash) {
        try {
            return CompiledPolicy.build(bundle, contentHash);
        } catch (final PolicyBuildException e) {
            throw new BundleInputException(ExitCodes.REJECTED, origin + ": the bundle cannot be activated: "
                + e.getMessage());
        }
    }

    private static LoadedBundle signed(final Path path, final byte[] bytes) {
        final SignedBundle sb;
        try {
            sb = SignedBundle.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (final BundleVerificationException e) {
            throw new BundleInputException(ExitCodes.USAGE, path + ": not a signed bundle (" + e.getMessage() + ")");
        }
        final byte[] canonical = sb.bundleBytes();
        final String actual = BundleHash.contentHash(canonical);
        if (!actual.equals(sb.contentHash())) {
            throw new BundleInputException(ExitCodes.REJECTED, path + ": CONTENT_HASH_MISMATCH: the bundle bytes hash "
                + "to " + actual + " but the envelope says " + sb.contentHash());
        }
        return new LoadedBundle(LoadedBundle.Kind.SIGNED, parseCompiled(path, canonical), canonical, actual,
            sb.metadata());
    }

    private static LoadedBundle compiled(final Path path, final byte[] bytes) {
        final CompiledBundle b = parseCompiled(path, bytes);
        // The hash (and any signature over it) is defined on canonical bytes; anything else would name the same
        // policy by a second hash.
        if (!Arrays.equals(BundleHash.canonicalBytes(b), bytes)) {
            throw new BundleInputException(ExitCodes.USAGE, path + ": not in canonical form; rebuild it with "
                + "'bulwark bundle build'");
        }
        return new LoadedBundle(LoadedBundle.Kind.COMPILED, b, bytes, BundleHash.contentHash(bytes), null);
    }

    private static CompiledBundle parseCompiled(final Path path, final byte[] bytes) {
        final CompiledBundle b;
        try {
            b = CompiledBundle.parseFrom(bytes);
        } catch (final InvalidProtocolBufferException e) {
            throw notABundle(path);
        }
        // Protobuf parses many arbitrary byte strings as a message of unknown fields: the format version is the
        // check that this really is a compiled bundle, and one this build can evaluate.
        if (b.getFormatVersion() == 0 || b.getMeta().getName().isEmpty()) {
            throw notABundle(path);
        }
        if (b.getFormatVersion() != CompiledPolicy.FORMAT_VERSION) {
            throw new BundleInputException(ExitCodes.USAGE, path + ": compiled-bundle format " + b.getFormatVersion()
                + " is not supported (expected " + CompiledPolicy.FORMAT_VERSION + "): rebuild it with this CLI");
        }
        return b;
    }

    private static BundleInputException notABundle(final Path path) {
        return new BundleInputException(ExitCodes.USAGE, path + ": not a bundle directory, compiled bundle "
            + "(bundle build) or signed bundle (bundle sign)");
    }

    private static boolean looksLikeJson(final byte[] bytes) {
        for (final byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return false;
    }

    /** The bytes of a regular file, bounded by {@link #MAX_FILE_BYTES}. */
    static byte[] readFile(final Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new BundleInputException(ExitCodes.USAGE, file + ": is a directory, expected a file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new BundleInputException(ExitCodes.USAGE, file + ": larger than " + MAX_FILE_BYTES
                    + " bytes; refusing to read it");
            }
            return Files.readAllBytes(file);
        } catch (final IOException e) {
            throw ioFailure(file, e);
        }
    }

    /** A UTF-8 text file, bounded like {@link #readFile}. */
    static String readText(final Path file) {
        return new String(readFile(file), StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code bytes} to {@code file} through a temporary file in the same directory and an atomic move, so a
     * reader (or a failed run) never sees half a bundle.
     */
    static void writeAtomically(final Path file, final byte[] bytes) {
        final Path abs = file.toAbsolutePath();
        final Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new BundleInputException(ExitCodes.NOT_FOUND, file + ": the directory does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new BundleInputException(ExitCodes.USAGE, file + ": is a directory, expected a file name");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(parent, "." + abs.getFileName(), ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
        } catch (final IOException e) {
            throw new BundleInputException(ExitCodes.ERROR, file + ": cannot write (" + e.getMessage() + ")");
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (final IOException ignored) {
                    // Best effort: the write already failed and is being reported.
                }
            }
        }
    }

    private static BundleInputException ioFailure(final Path given, final IOException e) {
        // Name the file that failed (a source deep inside a bundle directory), not only the argument.
        final Path path = e instanceof FileSystemException && ((FileSystemException) e).getFile() != null
            ? Path.of(((FileSystemException) e).getFile()) : given;
        if (e instanceof NoSuchFileException) {
            return new BundleInputException(ExitCodes.NOT_FOUND, path + ": no such file or directory");
        }
        if (e instanceof AccessDeniedException) {
            return new BundleInputException(ExitCodes.ERROR, path + ": permission denied");
        }
        return new BundleInputException(ExitCodes.ERROR, path + ": cannot read (" + e.getMessage() + ")");
    }
}
