package io.bulwark.policy.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Who is asking: built once per verified token (and cached with it), never per request. Immutable.
 *
 * <p>{@code roles} are the role names the credential asserts; inheritance is applied by the policy
 * when it checks a route's permission. {@code claims} are all claims (JSON-like values: String,
 * Double/Long, Boolean, List, Map).
 */
public final class Principal {
    /** A request without a credential: no subject, no roles, no claims. */
    public static final Principal ANONYMOUS = new Principal("", "", List.of(), List.of(), Map.of());

    private final String issuer;
    private final String subject;
    private final List<String> roles;
    private final String[] roleArray;
    private final List<String> amr;
    private final Map<String, Object> claims;

    private Principal(String issuer, String subject, List<String> roles, List<String> amr, Map<String, Object> claims) {
        this.issuer = issuer;
        this.subject = subject;
        this.roles = roles;
        this.roleArray = roles.toArray(new String[0]);
        this.amr = amr;
        this.claims = claims;
    }

    /** A principal with explicit parts (copied). */
    public static Principal of(String issuer, String subject, List<String> roles, List<String> amr,
                               Map<String, Object> claims) {
        return new Principal(issuer == null ? "" : issuer, subject == null ? "" : subject, List.copyOf(roles),
                List.copyOf(amr), Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims)));
    }

    /**
     * A principal from token claims: {@code sub}, {@code iss}, {@code amr} and the roles found in
     * {@code rolesClaim} (a string array; anything else gives no roles).
     */
    public static Principal fromClaims(Map<String, Object> claims, String rolesClaim) {
        return of(asString(claims.get("iss")), asString(claims.get("sub")), strings(claims.get(rolesClaim)),
                strings(claims.get("amr")), claims);
    }

    private static String asString(Object o) {
        return o instanceof String s ? s : "";
    }

    private static List<String> strings(Object o) {
        if (!(o instanceof List<?> l)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(l.size());
        for (Object x : l) {
            if (x instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    public String issuer() {
        return issuer;
    }

    public String subject() {
        return subject;
    }

    public List<String> roles() {
        return roles;
    }

    String[] roleArray() {
        return roleArray;
    }

    public List<String> amr() {
        return amr;
    }

    public Map<String, Object> claims() {
        return claims;
    }
}
