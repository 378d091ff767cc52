package io.bulwark.policy.compile;

import dev.cel.common.types.SimpleType;
import io.bulwark.policy.lang.Ast;
import io.bulwark.policy.lang.Diagnostic;
import io.bulwark.policy.lang.SourcePos;
import io.bulwark.policy.v1.CountingMode;
import io.bulwark.policy.v1.RateAlgorithm;
import io.bulwark.policy.v1.RateLimit;

import java.util.List;

/** Rate-limit definitions: key and condition type-checked, algorithm, rate, burst and mode validated. */
final class LimitCompiler {
    private final List<Diagnostic> errors;

    private LimitCompiler(List<Diagnostic> errors) {
        this.errors = errors;
    }

    static RateLimit compile(Ast.LimitDecl l, CelChecker cel, List<Diagnostic> errors) {
        return new LimitCompiler(errors).run(l, cel);
    }

    private void error(SourcePos pos, String message) {
        errors.add(new Diagnostic(pos, message));
    }

    private RateLimit run(Ast.LimitDecl l, CelChecker cel) {
        RateLimit.Builder b = RateLimit.newBuilder().setName(l.name().value());
        String where = "in limit '" + l.name().value() + "'";
        if (l.key() == null) {
            error(l.name().pos(), "limit '" + l.name().value() + "' needs a 'key { expression }'");
        } else {
            cel.check(l.key(), SimpleType.STRING, "in key of limit '" + l.name().value() + "'", errors);
            b.setKey(l.key().text().strip());
        }
        if (l.when() != null) {
            cel.check(l.when(), SimpleType.BOOL, "in 'when' of limit '" + l.name().value() + "'", errors);
            b.setCondition(l.when().text().strip());
        }
        if (l.algorithm() == null) {
            error(l.name().pos(), "limit '" + l.name().value() + "' needs an 'algorithm'");
        } else {
            switch (l.algorithm().value()) {
                case "token_bucket" -> b.setAlgorithm(RateAlgorithm.TOKEN_BUCKET);
                case "sliding_window" -> b.setAlgorithm(RateAlgorithm.SLIDING_WINDOW);
                case "fixed_window" -> b.setAlgorithm(RateAlgorithm.FIXED_WINDOW);
                case "gcra" -> b.setAlgorithm(RateAlgorithm.GCRA);
                default -> error(l.algorithm().pos(), "unknown algorithm '" + l.algorithm().value()
                        + "': expected token_bucket, sliding_window, fixed_window or gcra");
            }
        }
        if (l.rate() == null) {
            error(l.name().pos(), "limit '" + l.name().value() + "' needs 'rate N per DURATION'");
        } else {
            try {
                long rate = Durations.parseCount(l.rate().text());
                if (rate <= 0) {
                    error(l.rate().pos(), "rate must be positive " + where);
                }
                b.setRate(rate);
            } catch (IllegalArgumentException e) {
                error(l.rate().pos(), e.getMessage());
            }
            try {
                long periodMs = Durations.parseMs(l.period().text());
                if (periodMs <= 0) {
                    error(l.period().pos(), "period must be positive " + where);
                }
                b.setPeriodMs(periodMs);
            } catch (IllegalArgumentException e) {
                error(l.period().pos(), e.getMessage());
            }
        }
        if (l.burst() != null) {
            try {
                long burst = Durations.parseCount(l.burst().text());
                if (burst <= 0) {
                    error(l.burst().pos(), "burst must be positive " + where);
                }
                b.setBurst(burst);
            } catch (IllegalArgumentException e) {
                error(l.burst().pos(), e.getMessage());
            }
        } else {
            b.setBurst(b.getRate()); // documented default: a burst of one period's worth
        }
        if (l.mode() == null) {
            error(l.name().pos(), "limit '" + l.name().value() + "' needs a counting 'mode' (local or exact)");
        } else {
            switch (l.mode().value()) {
                case "local" -> b.setMode(CountingMode.LOCAL);
                case "exact" -> b.setMode(CountingMode.EXACT);
                default -> error(l.mode().pos(), "unknown mode '" + l.mode().value() + "': expected local or exact");
            }
        }
        return b.build();
    }
}
