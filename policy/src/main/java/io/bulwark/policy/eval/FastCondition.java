package io.bulwark.policy.eval;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * A specialised evaluator for the common shapes of policy conditions, compiled once from the
 * type-checked CEL AST at activation. The CEL interpreter allocates ≈ 0.8 KB per condition (an
 * execution frame, an intermediate result per node, stream pipelines); these nodes read the
 * activation map and allocate nothing.
 *
 * <p>It is an accelerator, never a second semantics: {@link #test} answers {@link #TRUE} or
 * {@link #FALSE} only when the answer is certain under CEL's rules, and {@link #UNKNOWN} otherwise
 * (a missing key or variable, a value of a type it does not handle, anything CEL would report as an
 * error), in which case the caller runs the CEL program. {@code FastConditionTest} checks that
 * every decisive answer equals CEL's on the same inputs.
 *
 * <p>Shapes handled: {@code &&}, {@code ||}, {@code !}, {@code ==}/{@code !=} on strings, bools and
 * numbers, {@code < <= > >=} on numbers (int and double, compared as CEL's heterogeneous numeric
 * comparison does), {@code x in list} of strings, {@code has(m.f)}, field selection on maps, declared
 * variables and literals. Any other shape makes {@link #compile} return null (CEL only).
 */
final class FastCondition {
    static final int FALSE = 0;
    static final int TRUE = 1;
    /** Not decided here: evaluate the CEL program. */
    static final int UNKNOWN = 2;

    /** A value the fast path cannot stand behind (absent, null, error, unhandled type). */
    private static final Object NO_VALUE = new Object();
    /** Doubles represent every integer up to 2^53 exactly; beyond, comparisons are left to CEL. */
    private static final long EXACT_DOUBLE_INT = 1L << 53;

    private final BoolNode root;

    private FastCondition(BoolNode root) {
        this.root = root;
    }

    /** The evaluator for a checked boolean expression, or null when its shape is not handled. */
    static FastCondition compile(CelAbstractSyntaxTree ast) {
        if (!ast.isChecked()) {
            return null;
        }
        final BoolNode root = new Compiler(ast).bool(ast.getExpr());
        return root == null ? null : new FastCondition(root);
    }

    /** {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN} for the variables in {@code vars}. */
    int test(Map<String, Object> vars) {
        return root.test(vars);
    }

    // ---- nodes ----

    private abstract static class BoolNode {
        abstract int test(Map<String, Object> vars);
    }

    private abstract static class ValueNode {
        /** The value, or {@link #NO_VALUE}. */
        abstract Object value(Map<String, Object> vars);
    }

    /**
     * {@code &&} (dominant answer FALSE) and {@code ||} (dominant TRUE). CEL's logical operators are
     * commutative over errors: the dominant answer on either side wins even against an error.
     */
    private static final class Junction extends BoolNode {
        private final BoolNode left;
        private final BoolNode right;
        private final int dominant;

        Junction(BoolNode left, BoolNode right, int dominant) {
            this.left = left;
            this.right = right;
            this.dominant = dominant;
        }

        @Override
        int test(Map<String, Object> vars) {
            final int a = left.test(vars);
            if (a == dominant) {
                return dominant;
            }
            final int b = right.test(vars);
            if (b == dominant) {
                return dominant;
            }
            return a != UNKNOWN && b != UNKNOWN ? 1 - dominant : UNKNOWN;
        }
    }

    private static final class Not extends BoolNode {
        private final BoolNode operand;

        Not(BoolNode operand) {
            this.operand = operand;
        }

        @Override
        int test(Map<String, Object> vars) {
            final int a = operand.test(vars);
            return a == UNKNOWN ? UNKNOWN : 1 - a;
        }
    }

    /** A boolean-valued variable, field or literal. */
    private static final class Truth extends BoolNode {
        private final ValueNode value;

        Truth(ValueNode value) {
            this.value = value;
        }

        @Override
        int test(Map<String, Object> vars) {
            final Object v = value.value(vars);
            return v instanceof Boolean b ? (b ? TRUE : FALSE) : UNKNOWN;
        }
    }

    private static final class Equals extends BoolNode {
        private final ValueNode left;
        private final ValueNode right;
        private final boolean negate;

        Equals(ValueNode left, ValueNode right, boolean negate) {
            this.left = left;
            this.right = right;
            this.negate = negate;
        }

        @Override
        int test(Map<String, Object> vars) {
            final Object a = left.value(vars);
            final Object b = right.value(vars);
            final int eq;
            if (a instanceof String x && b instanceof String y) {
                eq = x.equals(y) ? TRUE : FALSE;
            } else if (a instanceof Boolean x && b instanceof Boolean y) {
                eq = x.booleanValue() == y.booleanValue() ? TRUE : FALSE;
            } else if (a instanceof Long x && b instanceof Long y) {
                eq = x.longValue() == y.longValue() ? TRUE : FALSE;
            } else if (a instanceof Double x && b instanceof Double y && !x.isNaN() && !y.isNaN()) {
                eq = x.doubleValue() == y.doubleValue() ? TRUE : FALSE;
            } else {
                return UNKNOWN; // mixed types (1 == 1.0, "1" == 1): CEL's equality rules decide
            }
            return negate ? 1 - eq : eq;
        }
    }

    private static final class Compare extends BoolNode {
        static final int LT = 0;
        static final int LE = 1;
        static final int GT = 2;
        static final int GE = 3;
        private final ValueNode left;
        private final ValueNode right;
        private final int op;

        Compare(ValueNode left, ValueNode right, int op) {
            this.left = left;
            this.right = right;
            this.op = op;
        }

        @Override
        int test(Map<String, Object> vars) {
            final int c = compareNumbers(left.value(vars), right.value(vars));
            if (c == Integer.MIN_VALUE) {
                return UNKNOWN;
            }
            final boolean r = switch (op) {
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                default -> c >= 0;
            };
            return r ? TRUE : FALSE;
        }
    }

    /** {@code element in list}: a string looked up in a list of strings. */
    private static final class In extends BoolNode {
        private final ValueNode element;
        private final ValueNode list;

        In(ValueNode element, ValueNode list) {
            this.element = element;
            this.list = list;
        }

        @Override
        int test(Map<String, Object> vars) {
            final Object e = element.value(vars);
            final Object l = list.value(vars);
            if (!(e instanceof String s) || !(l instanceof List<?> items) || !(l instanceof RandomAccess)) {
                return UNKNOWN;
            }
            for (int i = 0, n = items.size(); i < n; i++) {
                final Object item = items.get(i);
                if (!(item instanceof String)) {
                    return UNKNOWN; // mixed lists: CEL's heterogeneous equality decides
                }
                if (s.equals(item)) {
                    return TRUE;
                }
            }
            return FALSE;
        }
    }

    /** {@code has(operand.field)} on a map. */
    private static final class Has extends BoolNode {
        private final ValueNode operand;
        private final String field;

        Has(ValueNode operand, String field) {
            this.operand = operand;
            this.field = field;
        }

        @Override
        int test(Map<String, Object> vars) {
            final Object m = operand.value(vars);
            return m instanceof Map<?, ?> map ? (map.containsKey(field) ? TRUE : FALSE) : UNKNOWN;
        }
    }

    private static final class Literal extends ValueNode {
        private final Object value;

        Literal(Object value) {
            this.value = value;
        }

        @Override
        Object value(Map<String, Object> vars) {
            return value;
        }
    }

    private static final class Variable extends ValueNode {
        private final String name;

        Variable(String name) {
            this.name = name;
        }

        @Override
        Object value(Map<String, Object> vars) {
            final Object v = vars.get(name);
            return v == null ? NO_VALUE : v;
        }
    }

    /** {@code operand.field} on a map; a missing key is CEL's error, so it is left to CEL. */
    private static final class Field extends ValueNode {
        private final ValueNode operand;
        private final String field;

        Field(ValueNode operand, String field) {
            this.operand = operand;
            this.field = field;
        }

        @Override
        Object value(Map<String, Object> vars) {
            final Object m = operand.value(vars);
            if (!(m instanceof Map<?, ?> map)) {
                return NO_VALUE;
            }
            final Object v = map.get(field);
            return v == null ? NO_VALUE : v;
        }
    }

    /**
     * Compares two numbers as CEL does with heterogeneous numeric comparisons: negative, zero or
     * positive; {@link Integer#MIN_VALUE} when either is not an int ({@code Long}) or double, is NaN,
     * or is an int too large to compare exactly through a double.
     */
    private static int compareNumbers(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        final double x;
        final double y;
        if (a instanceof Double d) {
            x = d;
        } else if (a instanceof Long l && Math.abs(l) <= EXACT_DOUBLE_INT) {
            x = l;
        } else {
            return Integer.MIN_VALUE;
        }
        if (b instanceof Double d) {
            y = d;
        } else if (b instanceof Long l && Math.abs(l) <= EXACT_DOUBLE_INT) {
            y = l;
        } else {
            return Integer.MIN_VALUE;
        }
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Integer.MIN_VALUE;
        }
        return Double.compare(x == 0.0 ? 0.0 : x, y == 0.0 ? 0.0 : y); // -0.0 == 0.0 in CEL
    }

    // ---- compilation from the checked AST ----

    private static final class Compiler {
        private final CelAbstractSyntaxTree ast;

        Compiler(CelAbstractSyntaxTree ast) {
            this.ast = ast;
        }

        /** A node for a boolean expression, or null when the shape is not handled. */
        BoolNode bool(CelExpr e) {
            switch (e.getKind()) {
                case CALL -> {
                    final CelExpr.CelCall call = e.call();
                    if (call.target().isPresent()) {
                        return null; // receiver-style calls (s.startsWith(...)): CEL only
                    }
                    final List<CelExpr> args = call.args();
                    switch (call.function()) {
                        case "_&&_", "_||_" -> {
                            if (args.isEmpty()) {
                                return null;
                            }
                            BoolNode acc = bool(args.get(0));
                            for (int i = 1; i < args.size() && acc != null; i++) {
                                final BoolNode next = bool(args.get(i));
                                acc = next == null ? null
                                        : new Junction(acc, next, call.function().equals("_&&_") ? FALSE : TRUE);
                            }
                            return acc;
                        }
                        case "!_" -> {
                            final BoolNode operand = args.size() == 1 ? bool(args.get(0)) : null;
                            return operand == null ? null : new Not(operand);
                        }
                        case "_==_", "_!=_" -> {
                            final ValueNode[] lr = pair(args);
                            return lr == null ? null : new Equals(lr[0], lr[1], call.function().equals("_!=_"));
                        }
                        case "_<_", "_<=_", "_>_", "_>=_" -> {
                            final ValueNode[] lr = pair(args);
                            if (lr == null) {
                                return null;
                            }
                            final int op = switch (call.function()) {
                                case "_<_" -> Compare.LT;
                                case "_<=_" -> Compare.LE;
                                case "_>_" -> Compare.GT;
                                default -> Compare.GE;
                            };
                            return new Compare(lr[0], lr[1], op);
                        }
                        case "@in" -> {
                            final ValueNode[] lr = pair(args);
                            return lr == null ? null : new In(lr[0], lr[1]);
                        }
                        default -> {
                            return null;
                        }
                    }
                }
                case SELECT -> {
                    final CelExpr.CelSelect select = e.select();
                    if (select.testOnly()) {
                        final ValueNode operand = value(select.operand());
                        return operand == null ? null : new Has(operand, select.field());
                    }
                    final ValueNode v = value(e);
                    return v == null ? null : new Truth(v);
                }
                case IDENT, CONSTANT -> {
                    final ValueNode v = value(e);
                    return v == null ? null : new Truth(v);
                }
                default -> {
                    return null;
                }
            }
        }

        private ValueNode[] pair(List<CelExpr> args) {
            if (args.size() != 2) {
                return null;
            }
            final ValueNode l = value(args.get(0));
            final ValueNode r = value(args.get(1));
            return l == null || r == null ? null : new ValueNode[] {l, r};
        }

        /** A node for a value expression, or null when the shape is not handled. */
        ValueNode value(CelExpr e) {
            switch (e.getKind()) {
                case CONSTANT -> {
                    final CelConstant c = e.constant();
                    return switch (c.getKind()) {
                        case STRING_VALUE -> new Literal(c.stringValue());
                        case INT64_VALUE -> new Literal(c.int64Value());
                        case DOUBLE_VALUE -> new Literal(c.doubleValue());
                        case BOOLEAN_VALUE -> new Literal(c.booleanValue());
                        default -> null;
                    };
                }
                case IDENT -> {
                    return new Variable(referenceName(e).orElse(e.ident().name()));
                }
                case SELECT -> {
                    final CelExpr.CelSelect select = e.select();
                    if (select.testOnly()) {
                        return null;
                    }
                    // The checker resolves a qualified name such as request.method to its declared variable.
                    final Optional<String> declared = referenceName(e);
                    if (declared.isPresent()) {
                        return new Variable(declared.get());
                    }
                    final ValueNode operand = value(select.operand());
                    return operand == null ? null : new Field(operand, select.field());
                }
                case LIST -> {
                    final CelExpr.CelList list = e.list();
                    if (!list.optionalIndices().isEmpty()) {
                        return null;
                    }
                    final Object[] items = new Object[list.elements().size()];
                    for (int i = 0; i < items.length; i++) {
                        final CelExpr item = list.elements().get(i);
                        if (item.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                                || item.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
                            return null;
                        }
                        items[i] = item.constant().stringValue();
                    }
                    return new Literal(List.of(items));
                }
                default -> {
                    return null;
                }
            }
        }

        private Optional<String> referenceName(CelExpr e) {
            final Optional<CelReference> ref = ast.getReference(e.id());
            if (ref.isEmpty() || ref.get().value().isPresent() || ref.get().name().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(ref.get().name());
        }
    }
}
