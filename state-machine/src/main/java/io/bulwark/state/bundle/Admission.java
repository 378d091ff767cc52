package io.bulwark.state.bundle;

import io.bulwark.policy.sign.VerifiedBundle;
import io.bulwark.replication.v1.ResultCode;

/**
 * Outcome of admitting a signed bundle: verified and compiled, or refused with the result code
 * the edge and apply both report.
 */
public record Admission(ResultCode code, String detail, VerifiedBundle verified, LoadedBundle loaded) {

    static Admission refused(ResultCode code, String detail) {
        return new Admission(code, detail, null, null);
    }

    public boolean ok() {
        return code == ResultCode.RESULT_OK;
    }
}
