package io.bulwark.bench.jmh;

import io.bulwark.policy.compile.CompileResult;
import io.bulwark.policy.jwt.TokenVerification;
import io.bulwark.policy.jwt.TokenVerifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link TokenVerifier#verify(String, long)} for RS256, ES256 and EdDSA tokens signed with keys
 * generated in set-up and declared as an extra issuer of the example bundle:
 * <ul>
 *   <li>{@link #cachedToken}: the same token again — a verified-token cache hit (SHA-256 of the
 *       token, map lookup, expiry check); what a node pays for a client's repeated bearer token;</li>
 *   <li>{@link #coldToken}: a verifier built with cache capacity 0, so every call does the full
 *       work of a first sight — hash, cache miss, header and claims parsing, key selection,
 *       signature verification, time and audience checks, principal construction.</li>
 * </ul>
 * Set-up fails unless both verifiers accept the token and only the caching one reports a hit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class TokenVerificationBenchmark {

    private static final long NOW_MS = PolicyEvaluationBenchmark.NOW_MS;

    /** Signature algorithm of the token (a {@code BenchIssuer.Alg} name; JMH needs a public type here). */
    @Param({"RS256", "ES256", "EdDSA"})
    public String alg;

    private TokenVerifier cached;
    private TokenVerifier uncached;
    private String token;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        BenchIssuer issuer = new BenchIssuer();
        CompileResult r = ExampleBundle.compile(issuer.source());
        cached = TokenVerifier.fromBundle(r.bundle(), 10_000);
        uncached = TokenVerifier.fromBundle(r.bundle(), 0);
        token = issuer.mint(BenchIssuer.Alg.valueOf(alg), "u1", "jti-bench-1", List.of("reader"), NOW_MS);
        TokenVerification first = cached.verify(token, NOW_MS);
        TokenVerification again = cached.verify(token, NOW_MS);
        TokenVerification cold = uncached.verify(token, NOW_MS);
        if (!first.ok() || !again.ok() || !again.cached() || !cold.ok() || cold.cached()) {
            throw new IllegalStateException("set-up broken for " + alg + ": first=" + first.failure() + " again="
                    + again.failure() + "/cached=" + again.cached() + " cold=" + cold.failure() + "/cached=" + cold.cached());
        }
    }

    @Benchmark
    public TokenVerification cachedToken() {
        return cached.verify(token, NOW_MS);
    }

    @Benchmark
    public TokenVerification coldToken() {
        return uncached.verify(token, NOW_MS);
    }
}
