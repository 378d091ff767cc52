package io.bulwark.policy.jwt;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.policy.eval.PolicyBuildException;
import io.bulwark.policy.eval.Principal;
import io.bulwark.policy.v1.CompiledBundle;
import io.bulwark.policy.v1.Issuer;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Verifies bearer JWTs against the issuers of one compiled bundle: per-issuer algorithm
 * allow-list, key by {@code kid} from the issuer's JWKS, {@code exp}/{@code nbf} with the issuer's
 * leeway, {@code iss} and {@code aud}. Time is passed in; nothing here reads a clock.
 *
 * <p>Order of checks (each failure has its own {@link TokenFailure}): size and shape → {@code alg:
 * none} → issuer → algorithm allowed for that issuer → key selection → signature → expiry,
 * not-before, audience. The issuer is read from the unverified payload only to choose keys; the
 * token is trusted only once its signature verifies with one of that issuer's keys.
 *
 * <p>Verified tokens are cached by SHA-256 of the token until {@code exp + leeway}, so a repeated
 * token skips signature verification. Thread-safe; build one per bundle version.
 */
public final class TokenVerifier {
    /** Tokens larger than this are refused unparsed. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;

    /**
     * Per-thread hashing scratch: a cache hit must not allocate (the check path's budget is 256 B
     * per request), so the digest, the byte copy of the token and the probe key are reused.
     */
    private static final class HashScratch {
        private final MessageDigest sha = newSha256();
        private final byte[] ascii = new byte[MAX_TOKEN_CHARS];
        private final byte[] hash = new byte[32];
        private final VerifiedTokenCache.Key probe = new VerifiedTokenCache.Key();

        /** SHA-256 of {@code token}'s characters (already checked to be ASCII) into the reused buffer. */
        byte[] sha256(String token) {
            int n = token.length();
            for (int i = 0; i < n; i++) {
                ascii[i] = (byte) token.charAt(i);
            }
            sha.update(ascii, 0, n);
            try {
                sha.digest(hash, 0, hash.length);
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 into a 32-byte buffer cannot fail", e);
            }
            return hash;
        }

        private static MessageDigest newSha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
            }
        }
    }

    private static final ThreadLocal<HashScratch> HASH_SCRATCH = ThreadLocal.withInitial(HashScratch::new);

    private final Map<String, IssuerKeys> byUrl = new HashMap<>();
    private final VerifiedTokenCache cache;

    private TokenVerifier(CompiledBundle bundle, int cacheCapacity) throws PolicyBuildException {
        for (Issuer i : bundle.getIssuersList()) {
            try {
                byUrl.put(i.getUrl(), new IssuerKeys(i));
            } catch (ParseException | JOSEException e) {
                throw new PolicyBuildException("issuer " + i.getName() + ": unusable JWKS: " + e.getMessage());
            }
        }
        this.cache = new VerifiedTokenCache(cacheCapacity);
    }

    /**
     * @param cacheCapacity most verified tokens kept (0 disables the cache)
     */
    public static TokenVerifier fromBundle(CompiledBundle bundle, int cacheCapacity) throws PolicyBuildException {
        if (cacheCapacity < 0) {
            throw new IllegalArgumentException("cacheCapacity must be >= 0");
        }
        return new TokenVerifier(bundle, cacheCapacity);
    }

    /** Number of cached verified tokens (for metrics and tests). */
    public int cachedTokens() {
        return cache.size();
    }

    /** Verifies {@code token} at {@code nowMs}. Never throws for bad input. */
    public TokenVerification verify(String token, long nowMs) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS || !compactJwsChars(token)) {
            return TokenVerification.failed(TokenFailure.MALFORMED);
        }
        HashScratch s = HASH_SCRATCH.get();
        byte[] hash = s.sha256(token);
        TokenVerification hit = cache.get(s.probe.set(hash), nowMs);
        if (hit != null) {
            // Signature and audience were verified when cached; only time can invalidate it.
            VerifiedToken t = hit.token();
            TokenFailure f = timeFailure(t.expiresAtMs(), 0, 0, nowMs, t.validUntilMs() - t.expiresAtMs());
            return f == null ? hit : TokenVerification.failed(f);
        }
        // Everything below may allocate freely: it runs once per token, not per check.
        VerifiedTokenCache.Key key = VerifiedTokenCache.Key.of(hash);
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot1 <= 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
            return TokenVerification.failed(TokenFailure.MALFORMED);
        }
        Header header;
        try {
            header = Header.parse(new Base64URL(token.substring(0, dot1)));
        } catch (ParseException e) {
            return TokenVerification.failed(TokenFailure.MALFORMED);
        }
        if (Algorithm.NONE.equals(header.getAlgorithm()) || !(header instanceof JWSHeader jwsHeader)) {
            return TokenVerification.failed(TokenFailure.ALG_NONE);
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return TokenVerification.failed(TokenFailure.MALFORMED);
        }
        IssuerKeys issuer = claims.getIssuer() == null ? null : byUrl.get(claims.getIssuer());
        if (issuer == null) {
            return TokenVerification.failed(TokenFailure.UNKNOWN_ISSUER);
        }
        JWSAlgorithm alg = jwsHeader.getAlgorithm();
        if (!issuer.algorithms.contains(alg)) {
            return TokenVerification.failed(TokenFailure.ALGORITHM_NOT_ALLOWED);
        }
        IssuerKeys.KeyEntry entry;
        String kid = jwsHeader.getKeyID();
        if (kid == null) {
            entry = issuer.soleKeyFor(alg);
            if (entry == null) {
                return TokenVerification.failed(TokenFailure.MISSING_KID);
            }
        } else {
            entry = issuer.byKid(kid);
            if (entry == null) {
                return TokenVerification.failed(TokenFailure.UNKNOWN_KID);
            }
            if (!IssuerKeys.fits(entry.jwk(), alg)) {
                return TokenVerification.failed(TokenFailure.KEY_ALGORITHM_MISMATCH);
            }
        }
        try {
            if (!jwt.verify(entry.verifier())) {
                return TokenVerification.failed(TokenFailure.BAD_SIGNATURE);
            }
        } catch (JOSEException | RuntimeException e) {
            return TokenVerification.failed(TokenFailure.BAD_SIGNATURE);
        }
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return TokenVerification.failed(TokenFailure.MISSING_EXPIRY);
        }
        long leewayMs = issuer.issuer.getLeewayMs();
        Date nbf = claims.getNotBeforeTime();
        TokenFailure f = timeFailure(exp.getTime(), nbf == null ? 0 : nbf.getTime(), nbf == null ? 0 : 1, nowMs, leewayMs);
        if (f != null) {
            return TokenVerification.failed(f);
        }
        if (!audienceMatches(claims.getAudience(), issuer)) {
            return TokenVerification.failed(TokenFailure.WRONG_AUDIENCE);
        }
        Date iat = claims.getIssueTime();
        VerifiedToken vt = new VerifiedToken(issuer.issuer.getName(), HexFormat.of().formatHex(hash),
                claims.getJWTID() == null ? "" : claims.getJWTID(),
                claims.getSubject() == null ? "" : claims.getSubject(), iat == null ? 0 : iat.getTime(),
                exp.getTime(), exp.getTime() + leewayMs,
                Principal.fromClaims(claims.toJSONObject(), issuer.issuer.getRolesClaim()));
        cache.put(key, vt, nowMs);
        return new TokenVerification(vt, null, false);
    }

    /**
     * Only base64url characters and dots: anything else is refused before decoding, so a lenient
     * decoder never sees junk and distinct strings never share a cache key.
     */
    private static boolean compactJwsChars(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static TokenFailure timeFailure(long expMs, long nbfMs, int hasNbf, long nowMs, long leewayMs) {
        if (nowMs >= expMs + leewayMs) {
            return TokenFailure.EXPIRED;
        }
        if (hasNbf != 0 && nowMs + leewayMs < nbfMs) {
            return TokenFailure.NOT_YET_VALID;
        }
        return null;
    }

    private static boolean audienceMatches(List<String> aud, IssuerKeys issuer) {
        if (aud == null) {
            return false;
        }
        for (String a : aud) {
            if (issuer.audiences.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
