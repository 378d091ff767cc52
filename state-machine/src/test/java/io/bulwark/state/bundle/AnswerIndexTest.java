package io.bulwark.state.bundle;

import io.bulwark.api.v1.Decision;
import io.bulwark.replication.v1.Command;
import io.bulwark.replication.v1.ResultCode;
import io.bulwark.state.apply.CommandDispatcher;
import io.bulwark.state.check.CheckEvaluator;
import io.bulwark.state.check.CheckInput;
import io.bulwark.state.check.CheckOutcome;
import io.bulwark.state.check.PolicyCheck;
import io.bulwark.state.table.StateTables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The version and applied index a check answers with agree with the log, also when the check read
 * the applied index just before the apply thread published an activation (the apply thread publishes
 * the new policy pair first and moves the applied index after). The interleaving is produced directly:
 * the parts {@code BulwarkState} wires together are driven one step at a time.
 */
class AnswerIndexTest {
    static final long T0 = BundleVersionsTest.T0;
    static TestBundles fx;
    static byte[] v1Bytes;
    static byte[] v2Bytes;

    StateTables tables;
    BundleAdmission admission;
    CommandDispatcher dispatcher;
    PolicyRuntime runtime;
    PolicyCheck checks;

    @BeforeAll
    static void keys() {
        fx = new TestBundles();
        v1Bytes = fx.signed(false, "first");
        v2Bytes = fx.signed(true, "second");
    }

    @BeforeEach
    void open() {
        tables = new StateTables(BundleVersionsTest.config());
        admission = new BundleAdmission(fx.settings(4));
        dispatcher = new CommandDispatcher(tables, admission, 4);
        runtime = new PolicyRuntime(admission);
        checks = new PolicyCheck(new CheckEvaluator(tables), runtime);
    }

    @AfterEach
    void close() {
        tables.close();
    }

    /** Applies {@code c} at {@code index} and publishes the policy pair, as BulwarkState.apply does. */
    private void apply(long index, Command c) {
        assertThat(dispatcher.apply(index, c).getCode()).isEqualTo(ResultCode.RESULT_OK);
        runtime.refresh(tables.bundles(), index);
    }

    private Command push(byte[] signed, long index) {
        Admission a = admission.admit(signed);
        assertThat(a.ok()).as(a.detail()).isTrue();
        return Command.newBuilder().setHeader(TestBundles.header(T0 + index))
                .setPutBundleVersion(BundleCommands.put(signed, a)).build();
    }

    private CheckOutcome checkWithAppliedIndexReadAt(long appliedIndexSeen) {
        CheckInput in = new CheckInput().reset();
        in.issuer = TestBundles.ISS;
        in.tokenId = "jti-1";
        in.subject = "u1";
        in.issuedAtMs = T0 - 1000;
        in.expiresAtMs = T0 + 3_600_000;
        CheckOutcome out = new CheckOutcome();
        checks.evaluate(in, T0 + 1000, appliedIndexSeen, out);
        return out;
    }

    @Test
    void shouldReportTheActivationIndexWhenTheActivationWasPublishedAfterTheIndexWasRead() {
        apply(1, push(v1Bytes, 1));
        apply(2, push(v2Bytes, 2));
        apply(3, TestBundles.promote(T0, 1, ""));
        // The check read applied index 3, then the apply thread applied and published the promote of
        // version 2 at index 4 before moving the applied index: the pair it sees is version 2.
        apply(4, TestBundles.promote(T0, 2, ""));
        CheckOutcome out = checkWithAppliedIndexReadAt(3);

        assertThat(out.decision).isEqualTo(Decision.DECISION_ALLOW);
        assertThat(out.bundleVersion).isEqualTo("2");
        assertThat(out.appliedIndex).as("index reported with version 2 (active from index 4)").isEqualTo(4);
    }

    @Test
    void shouldReportTheReadIndexWhenItIsPastTheActivation() {
        apply(1, push(v1Bytes, 1));
        apply(2, TestBundles.promote(T0, 1, ""));
        CheckOutcome out = checkWithAppliedIndexReadAt(9);

        assertThat(out.bundleVersion).isEqualTo("1");
        assertThat(out.appliedIndex).isEqualTo(9);
    }
}
