package io.bulwark.chaos.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Marks a container scenario: tagged {@code chaos} (so it runs only with {@code -Pchaos}) and gated on
 * Docker. On a laptop without Docker the scenario is skipped and says why on stderr. With
 * {@code -Dbulwark.chaos.required=true} (run-chaos sets it, so CI does) a missing Docker is not a skip:
 * the scenario runs and fails with the reason, so CI can never pass by quietly testing nothing.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("chaos")
@ExtendWith(DockerRequired.Condition.class)
@interface DockerRequired {

    /** Enables the scenario when Docker answers, or when it is required (then {@link #requireDocker()} fails it). */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                return ConditionEvaluationResult.enabled("Docker is available");
            }
            if (required()) {
                return ConditionEvaluationResult.enabled("Docker is required (bulwark.chaos.required=true) and must fail");
            }
            String why = "SKIPPED " + context.getDisplayName() + ": Docker is not available here. The container "
                    + "scenarios need a Docker daemon and the node image; run chaos-tests/bin/run-chaos (as root) "
                    + "or see docs/TESTING.md.";
            System.err.println(why);
            return ConditionEvaluationResult.disabled(why);
        }

        /** Whether a missing Docker must fail the run ({@code -Dbulwark.chaos.required=true}). */
        static boolean required() {
            return Boolean.parseBoolean(System.getProperty("bulwark.chaos.required", "false").trim());
        }

        /** Throws with the reason when Docker does not answer (reached only when it is required). */
        static void requireDocker() {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                throw new IllegalStateException("Docker is not available, and bulwark.chaos.required=true: the chaos "
                        + "suite must run here (CI). Start dockerd, or run chaos-tests/bin/run-chaos, which starts its own.");
            }
        }
    }
}
