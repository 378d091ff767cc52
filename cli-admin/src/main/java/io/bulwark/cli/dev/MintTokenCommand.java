package io.bulwark.cli.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.cli.CliContext;
import io.bulwark.cli.ExitCodes;
import io.bulwark.cli.VersionProvider;
import io.bulwark.client.RequestIds;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bulwark dev mint-token}: signs a JWT with a private key from a JWK set, for tests and demos against the
 * example bundle (whose TEST-ONLY issuer keys are published in {@code examples/keys/}). Prints the compact token on
 * stdout — the one thing it is for — and a TEST-ONLY note on stderr. Key material is never printed.
 */
@Command(name = "mint-token", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"TEST-ONLY: signs a JWT with a private key from a JWK (set) file and prints it on stdout. For tests,",
        "demos and the local smoke run with the published example issuer keys; never use it with real keys.",
        "Algorithm from the key: RSA -> RS256, EC P-256 -> ES256, Ed25519 -> EdDSA. Claims: iss, sub, aud, iat=now,",
        "exp=now+ttl, a random jti, and the optional roles, amr, tenant and --claim values."},
    footer = {"%nIn this command: 2 = unusable key file or kid, bad option; 3 = no such key file.",
        "%nExamples:",
        "  bulwark dev mint-token --jwks-private examples/keys/TEST-ONLY-issuer.private.jwks.json \\",
        "      --kid example-rs-1 --iss https://id.example.test --aud orders-api --sub u1 --roles reader \\",
        "      --tenant acme > token.jwt",
        "  bulwark check --bearer-token-file token.jwt --method GET --path /orders/42 --tenant acme"})
public final class MintTokenCommand implements Callable<Integer> {
    /** Longest lifetime: a test token that outlives a working day is a leak waiting to happen. */
    static final Duration MAX_TTL = Duration.ofHours(24);

    private final CliContext ctx;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--jwks-private", paramLabel = "FILE", required = true,
        description = "A private JWK or JWK set (e.g. examples/keys/TEST-ONLY-issuer.private.jwks.json).")
    Path keyFile;

    @Option(names = "--kid", paramLabel = "KID",
        description = "The key id to sign with; required when the file holds more than one key. Put in the header.")
    String kid;

    @Option(names = "--iss", paramLabel = "URL", required = true, description = "Issuer (iss).")
    String issuer;

    @Option(names = "--sub", paramLabel = "SUBJECT", required = true, description = "Subject (sub).")
    String subject;

    @Option(names = "--aud", paramLabel = "AUDIENCE", required = true, split = ",",
        description = "Audience(s) (aud), comma-separated or repeated.")
    List<String> audience;

    @Option(names = "--ttl", paramLabel = "DURATION", defaultValue = "5m",
        description = "Lifetime from now (at most 24h). Default: ${DEFAULT-VALUE}.")
    Duration ttl;

    @Option(names = "--roles", paramLabel = "ROLE", split = ",",
        description = "Roles, as a string array in the roles claim (comma-separated or repeated).")
    List<String> roles;

    @Option(names = "--roles-claim", paramLabel = "NAME", defaultValue = "roles",
        description = "Claim that holds the roles. Default: ${DEFAULT-VALUE} (the example issuer's roles_claim).")
    String rolesClaim;

    @Option(names = "--amr", paramLabel = "METHOD", split = ",",
        description = "Authentication methods (amr), e.g. pwd,mfa.")
    List<String> amr;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "A tenant claim.")
    String tenant;

    @Option(names = "--claim", paramLabel = "NAME=VALUE", description = "Any other string claim (repeatable).")
    Map<String, String> claims;

    /** Injected by the CLI factory. */
    public MintTokenCommand(final CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw usage("--ttl must be more than 0 and at most " + MAX_TTL.toHours() + "h");
        }
        if (!Files.exists(keyFile)) {
            ctx.err().println("error: " + keyFile + ": no such file");
            return ExitCodes.NOT_FOUND;
        }
        final JWK key = selectKey(readKeys());
        final Instant now = ctx.clock().instant();
        final JWTClaimsSet.Builder c = new JWTClaimsSet.Builder().issuer(issuer).subject(subject).audience(audience)
            .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl))).jwtID(RequestIds.newRequestId());
        if (roles != null) {
            c.claim(rolesClaim, new ArrayList<>(roles));
        }
        if (amr != null) {
            c.claim("amr", new ArrayList<>(amr));
        }
        if (tenant != null) {
            c.claim("tenant", tenant);
        }
        if (claims != null) {
            claims.forEach(c::claim);
        }
        final SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm(key)).keyID(key.getKeyID())
            .type(JOSEObjectType.JWT).build(), c.build());
        try {
            jwt.sign(signer(key));
        } catch (final JOSEException e) {
            throw usage(keyFile + ": cannot sign with key '" + key.getKeyID() + "': " + e.getMessage());
        }
        ctx.out().println(jwt.serialize());
        ctx.out().flush();
        ctx.err().println("note: TEST-ONLY token for sub " + subject + ", signed by kid " + key.getKeyID()
            + ", expires " + now.plus(ttl));
        return ExitCodes.OK;
    }

    private List<JWK> readKeys() {
        try {
            final Map<String, Object> o = JSONObjectUtils.parse(Files.readString(keyFile, StandardCharsets.UTF_8));
            return o.containsKey("keys") ? JWKSet.parse(o).getKeys() : List.of(JWK.parse(o));
        } catch (final IOException e) {
            throw usage(keyFile + ": cannot read (" + e.getClass().getSimpleName() + ")");
        } catch (final ParseException e) {
            throw usage(keyFile + ": not a JWK or JWK set");
        }
    }

    private JWK selectKey(final List<JWK> keys) {
        JWK chosen = null;
        if (kid == null) {
            if (keys.size() != 1) {
                throw usage(keyFile + " holds " + keys.size() + " keys: name one with --kid");
            }
            chosen = keys.get(0);
        } else {
            for (final JWK k : keys) {
                if (kid.equals(k.getKeyID())) {
                    chosen = k;
                }
            }
            if (chosen == null) {
                throw usage(keyFile + ": no key with kid '" + kid + "'");
            }
        }
        if (!chosen.isPrivate()) {
            throw usage(keyFile + ": key '" + chosen.getKeyID() + "' has no private part");
        }
        if (chosen.getKeyID() == null) {
            throw usage(keyFile + ": the key has no kid; the node selects issuer keys by kid");
        }
        return chosen;
    }

    private JWSAlgorithm algorithm(final JWK key) {
        if (key instanceof RSAKey) {
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECKey && Curve.P_256.equals(((ECKey) key).getCurve())) {
            return JWSAlgorithm.ES256;
        }
        if (key instanceof OctetKeyPair && Curve.Ed25519.equals(((OctetKeyPair) key).getCurve())) {
            return JWSAlgorithm.EdDSA;
        }
        throw usage(keyFile + ": key '" + key.getKeyID() + "' is not RSA, EC P-256 or Ed25519");
    }

    private static JWSSigner signer(final JWK key) throws JOSEException {
        if (key instanceof RSAKey) {
            return new RSASSASigner((RSAKey) key);
        }
        if (key instanceof ECKey) {
            return new ECDSASigner((ECKey) key);
        }
        return new Ed25519Signer((OctetKeyPair) key);
    }

    private CommandLine.ParameterException usage(final String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
