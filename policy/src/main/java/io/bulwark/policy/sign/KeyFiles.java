package io.bulwark.policy.sign;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads signing and trusted keys from JWK files: a single JWK ({@code {"kty": ...}}) or a JWK set
 * ({@code {"keys": [...]}}). Error messages name the file, never key material.
 */
public final class KeyFiles {
    private KeyFiles() {
    }

    /** The one private key in {@code file} (a JWK, or a JWK set holding exactly one key). */
    public static JWK readSigningKey(Path file) throws IOException {
        List<JWK> keys = read(file);
        if (keys.size() != 1) {
            throw new IOException(file + ": expected exactly one signing key, found " + keys.size());
        }
        if (!keys.get(0).isPrivate()) {
            throw new IOException(file + ": key '" + keys.get(0).getKeyID() + "' has no private part");
        }
        return keys.get(0);
    }

    /** Public halves of every key in {@code files} (private parts are dropped). */
    public static List<JWK> readTrustedKeys(List<Path> files) throws IOException {
        List<JWK> out = new ArrayList<>();
        for (Path f : files) {
            read(f).forEach(k -> out.add(k.toPublicJWK()));
        }
        return out;
    }

    private static List<JWK> read(Path file) throws IOException {
        String json = Files.readString(file, StandardCharsets.UTF_8);
        try {
            Map<String, Object> o = JSONObjectUtils.parse(json);
            return o.containsKey("keys") ? JWKSet.parse(o).getKeys() : List.of(JWK.parse(o));
        } catch (ParseException e) {
            throw new IOException(file + ": not a JWK or JWK set (" + e.getMessage() + ")");
        }
    }
}
