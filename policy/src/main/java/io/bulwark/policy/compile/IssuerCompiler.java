package io.bulwark.policy.compile;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.bulwark.policy.lang.Ast;
import io.bulwark.policy.lang.Diagnostic;
import io.bulwark.policy.v1.Issuer;
import io.bulwark.policy.v1.SignatureAlgorithm;

import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Validates an issuer declaration and produces its canonical form: audiences and algorithms sorted,
 * the JWKS reduced to public keys with members and keys in a fixed order.
 */
final class IssuerCompiler {
    static final long DEFAULT_LEEWAY_MS = 30_000;
    static final long MAX_LEEWAY_MS = 300_000;
    static final String DEFAULT_ROLES_CLAIM = "roles";

    private IssuerCompiler() {
    }

    /** Maps a language algorithm name to the proto enum; null if unknown. */
    static SignatureAlgorithm algorithm(String name) {
        return switch (name) {
            case "RS256" -> SignatureAlgorithm.RS256;
            case "RS384" -> SignatureAlgorithm.RS384;
            case "RS512" -> SignatureAlgorithm.RS512;
            case "PS256" -> SignatureAlgorithm.PS256;
            case "PS384" -> SignatureAlgorithm.PS384;
            case "PS512" -> SignatureAlgorithm.PS512;
            case "ES256" -> SignatureAlgorithm.ES256;
            case "ES384" -> SignatureAlgorithm.ES384;
            case "ES512" -> SignatureAlgorithm.ES512;
            case "EdDSA" -> SignatureAlgorithm.EDDSA;
            default -> null;
        };
    }

    /** The JOSE algorithm for a proto enum value. */
    static JWSAlgorithm jose(SignatureAlgorithm a) {
        return a == SignatureAlgorithm.EDDSA ? JWSAlgorithm.EdDSA : JWSAlgorithm.parse(a.name());
    }

    /** True when {@code key} can verify {@code alg}. */
    static boolean keyFits(JWK key, SignatureAlgorithm alg) {
        KeyType kty = key.getKeyType();
        return switch (alg) {
            case RS256, RS384, RS512, PS256, PS384, PS512 -> KeyType.RSA.equals(kty);
            case ES256 -> KeyType.EC.equals(kty) && Curve.P_256.equals(((ECKey) key).getCurve());
            case ES384 -> KeyType.EC.equals(kty) && Curve.P_384.equals(((ECKey) key).getCurve());
            case ES512 -> KeyType.EC.equals(kty) && Curve.P_521.equals(((ECKey) key).getCurve());
            case EDDSA -> KeyType.OKP.equals(kty) && Curve.Ed25519.equals(((OctetKeyPair) key).getCurve());
            default -> false;
        };
    }

    static Issuer compile(Ast.IssuerDecl d, BundleInput.FileReader files, List<Diagnostic> errors) {
        Issuer.Builder b = Issuer.newBuilder().setName(d.name().value()).setUrl(d.url().value());
        String url = d.url().value();
        if (!url.startsWith("https://") || url.length() <= "https://".length()) {
            errors.add(new Diagnostic(d.url().pos(), "issuer URL must start with https://, found \"" + url + "\""));
        }
        if (d.audiences().isEmpty()) {
            errors.add(new Diagnostic(d.name().pos(), "issuer '" + d.name().value()
                    + "' needs at least one 'audience': tokens are always checked for their audience"));
        }
        TreeSet<String> auds = new TreeSet<>();
        d.audiences().forEach(a -> {
            if (a.value().isEmpty()) {
                errors.add(new Diagnostic(a.pos(), "audience must not be empty"));
            }
            auds.add(a.value());
        });
        b.addAllAudiences(auds);

        TreeSet<SignatureAlgorithm> algs = new TreeSet<>();
        if (d.algorithms().isEmpty()) {
            errors.add(new Diagnostic(d.name().pos(), "issuer '" + d.name().value() + "' needs an 'algorithms' list"));
        }
        for (Ast.Name n : d.algorithms()) {
            SignatureAlgorithm a = algorithm(n.value());
            if (a == null) {
                String up = n.value().toUpperCase(Locale.ROOT);
                String why = up.startsWith("HS") ? "symmetric algorithm " + n.value()
                        + " is not allowed: a bundle carries public keys only"
                        : up.equals("NONE") ? "algorithm 'none' is never allowed"
                        : "unknown algorithm '" + n.value() + "': expected one of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA";
                errors.add(new Diagnostic(n.pos(), why));
            } else {
                algs.add(a);
            }
        }
        b.addAllAlgorithms(algs);

        long leewayMs = DEFAULT_LEEWAY_MS;
        if (d.leeway() != null) {
            try {
                leewayMs = Durations.parseMs(d.leeway().text());
                if (leewayMs > MAX_LEEWAY_MS) {
                    errors.add(new Diagnostic(d.leeway().pos(), "leeway " + d.leeway().text() + " is larger than the maximum 5m"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new Diagnostic(d.leeway().pos(), e.getMessage()));
            }
        }
        b.setLeewayMs(leewayMs);
        b.setRolesClaim(d.rolesClaim() == null ? DEFAULT_ROLES_CLAIM : d.rolesClaim().value());

        if (d.jwks() == null) {
            errors.add(new Diagnostic(d.name().pos(), "issuer '" + d.name().value()
                    + "' needs 'jwks file \"path\"' or an inline 'jwks \"\"\"{...}\"\"\"'"));
            return b.build();
        }
        String json;
        if (d.jwks().file()) {
            String rel = d.jwks().value().value();
            if (rel.startsWith("/") || rel.contains("..")) {
                errors.add(new Diagnostic(d.jwks().value().pos(), "JWKS file must be a relative path inside the bundle, found \"" + rel + "\""));
                return b.build();
            }
            try {
                json = files.read(rel);
            } catch (IOException e) {
                errors.add(new Diagnostic(d.jwks().value().pos(), "cannot read JWKS file \"" + rel + "\": " + e.getMessage()));
                return b.build();
            }
        } else {
            json = d.jwks().value().value();
        }
        b.setJwksJson(canonicalJwks(json, algs, d, errors));
        return b.build();
    }

    private static String canonicalJwks(String json, Set<SignatureAlgorithm> algs, Ast.IssuerDecl d,
                                        List<Diagnostic> errors) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            errors.add(new Diagnostic(d.jwks().value().pos(), "invalid JWKS: " + e.getMessage()));
            return "";
        }
        if (set.getKeys().isEmpty()) {
            errors.add(new Diagnostic(d.jwks().value().pos(), "JWKS has no keys"));
            return "";
        }
        TreeMap<String, String> byKid = new TreeMap<>();
        Set<String> kids = new HashSet<>();
        for (JWK key : set.getKeys()) {
            String kid = key.getKeyID();
            if (key.isPrivate()) {
                errors.add(new Diagnostic(d.jwks().value().pos(), "JWKS key '" + kid
                        + "' contains private key material: a bundle must hold public keys only"));
                continue;
            }
            if (kid == null || kid.isEmpty()) {
                errors.add(new Diagnostic(d.jwks().value().pos(), "every JWKS key needs a 'kid'"));
                continue;
            }
            if (!kids.add(kid)) {
                errors.add(new Diagnostic(d.jwks().value().pos(), "duplicate kid '" + kid + "' in JWKS"));
                continue;
            }
            if (!KeyType.RSA.equals(key.getKeyType()) && !KeyType.EC.equals(key.getKeyType())
                    && !KeyType.OKP.equals(key.getKeyType())) {
                errors.add(new Diagnostic(d.jwks().value().pos(), "JWKS key '" + kid + "' has unsupported type "
                        + key.getKeyType() + ": expected RSA, EC or OKP"));
                continue;
            }
            byKid.put(kid, JSONObjectUtils.toJSONString(new TreeMap<>(key.toPublicJWK().toJSONObject())));
        }
        for (SignatureAlgorithm a : algs) {
            boolean any = set.getKeys().stream().anyMatch(k -> keyFits(k, a));
            if (!any) {
                errors.add(new Diagnostic(d.jwks().value().pos(), "algorithm " + jose(a)
                        + " is allowed but the JWKS has no key that can verify it"));
            }
        }
        return "{\"keys\":[" + String.join(",", new ArrayList<>(byKid.values())) + "]}";
    }
}
