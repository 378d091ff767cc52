package io.bulwark.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.chaos.history.Call;
import io.bulwark.chaos.history.Consistency;
import io.bulwark.chaos.history.Fn;
import io.bulwark.chaos.history.History;
import io.bulwark.chaos.testing.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShrinkerTest {
    private final Shrinker shrinker = new Shrinker(100_000, 1_000);

    @Test
    void shouldShrinkSessionHistoryToTheRevokeAndTheStaleCheck() {
        Scenario s = new Scenario().call("a", Fn.CREATE_SESSION, "s").at(0, 2).ok(null);
        for (int i = 0; i < 20; i++) {
            s.call("b", Fn.GET_SESSION, "s").consistency(Consistency.LINEARIZABLE).at(3 + i * 2, 4 + i * 2).ok("ACTIVE");
        }
        s.call("a", Fn.REVOKE, "s").at(50, 52).ok(null);
        s.call("b", Fn.CHECK, "s").consistency(Consistency.LINEARIZABLE).at(53, 54).ok("DENY");
        s.call("b", Fn.CHECK, "s").consistency(Consistency.LINEARIZABLE).at(55, 56).ok("ALLOW");
        s.call("b", Fn.GET_SESSION, "s").consistency(Consistency.LINEARIZABLE).at(57, 58).ok("REVOKED");
        History h = s.build();
        SessionModel model = new SessionModel();
        List<Call> calls = LinearizabilityChecker.relevant(model, h.calls());
        assertThat(LinearizabilitySearch.search(model, calls, 100_000).result())
                .isEqualTo(LinearizabilitySearch.Result.NOT_LINEARIZABLE);

        List<Call> small = shrinker.shrink(model, calls);

        // The ALLOW needs an ACTIVE session, so its create is kept; the revoke before it is the contradiction.
        assertThat(small).extracting(Call::f).containsExactly(Fn.CREATE_SESSION, Fn.REVOKE, Fn.CHECK);
        assertThat(small.get(2).answeredValue()).isEqualTo("ALLOW");
        assertThat(LinearizabilitySearch.search(model, small, 100_000).result())
                .isEqualTo(LinearizabilitySearch.Result.NOT_LINEARIZABLE);
    }

    @Test
    void shouldNotManufactureFailuresByDeletingTheWriteAReadSaw() {
        // Only the last read is stale; a shrinker that deleted write 2 would "explain" failures by read 2.
        History h = new Scenario()
                .call("a", Fn.WRITE, "x").value("1").at(0, 1).ok(null)
                .call("b", Fn.READ, "x").at(2, 3).ok("1")
                .call("a", Fn.WRITE, "x").value("2").at(4, 5).ok(null)
                .call("b", Fn.READ, "x").at(6, 7).ok("2")
                .call("b", Fn.READ, "x").at(8, 9).ok("1")
                .build();
        RegisterModel model = new RegisterModel();
        List<Call> small = shrinker.shrink(model, LinearizabilityChecker.relevant(model, h.calls()));
        assertThat(small).extracting(Call::value).containsExactly("1", "2", "1");
        assertThat(small.get(2).startNanos()).isEqualTo(8_000_000L);
    }
}
