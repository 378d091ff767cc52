package io.bulwark.state.bundle;

import com.google.protobuf.ByteString;
import io.bulwark.policy.sign.BundleMetadata;
import io.bulwark.policy.sign.VerifiedBundle;
import io.bulwark.replication.v1.PutBundleVersion;

/** Builds the replicated push command from an admitted bundle, the way every proposer must. */
public final class BundleCommands {
    private BundleCommands() {
    }

    /** The PutBundleVersion body for {@code signedBundle}, which {@code admitted} verified. */
    public static PutBundleVersion put(byte[] signedBundle, Admission admitted) {
        if (!admitted.ok()) {
            throw new IllegalArgumentException("bundle was refused: " + admitted.code());
        }
        VerifiedBundle v = admitted.verified();
        BundleMetadata m = v.metadata();
        return PutBundleVersion.newBuilder()
                .setSignedBundle(ByteString.copyFrom(signedBundle))
                .setContentHash(v.contentHash())
                .setName(m.name())
                .setAuthor(m.author())
                .setParentHash(m.parent())
                .setSignedAtMs(m.createdMs())
                .setSigningKeyId(v.signerKid())
                .build();
    }
}
