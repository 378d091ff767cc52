package io.bulwark.policy.eval;

/** A compiled bundle that cannot be activated (an expression fails to type-check, a bad route). */
public final class PolicyBuildException extends Exception {
    public PolicyBuildException(String message) {
        super(message);
    }
}
