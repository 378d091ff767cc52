package io.bulwark.policy.jwt;

/** Why a token was rejected; each attack class has its own value so logs and metrics tell them apart. */
public enum TokenFailure {
    /** Not a compact JWS, bad base64/JSON, or larger than the size limit. */
    MALFORMED,
    /** {@code alg: none}: an unsigned token. */
    ALG_NONE,
    /** The header's algorithm is not in the issuer's allow-list (this covers HS256 key confusion). */
    ALGORITHM_NOT_ALLOWED,
    /** No {@code iss}, or an issuer the bundle does not declare. */
    UNKNOWN_ISSUER,
    /** No {@code kid} and more than one key of the issuer could verify the algorithm. */
    MISSING_KID,
    /** The {@code kid} is not in the issuer's JWKS. */
    UNKNOWN_KID,
    /** The key named by {@code kid} cannot verify the header's algorithm (type, curve or its own alg). */
    KEY_ALGORITHM_MISMATCH,
    /** The signature does not verify. */
    BAD_SIGNATURE,
    /** No {@code exp} claim: tokens without expiry are refused. */
    MISSING_EXPIRY,
    /** {@code exp} (plus leeway) is at or before now. */
    EXPIRED,
    /** {@code nbf} (minus leeway) is after now. */
    NOT_YET_VALID,
    /** No {@code aud} value is one of the issuer's audiences. */
    WRONG_AUDIENCE
}
