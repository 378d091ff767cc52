package io.bulwark.policy.diff;

/**
 * One difference between two compiled bundles.
 *
 * @param category what kind of item (rule, role, route, ...)
 * @param kind     added, removed or changed
 * @param name     the item's name ({@code METHOD pattern} for routes)
 * @param detail   for CHANGED: which fields differ (empty otherwise)
 */
public record BundleChange(Category category, Kind kind, String name, String detail) {

    /** Item categories, in report order. */
    public enum Category { META, ISSUER, ROLE, ROUTE, RULE, RULE_ORDER, LIST, LIMIT, TEST }

    public enum Kind { ADDED, REMOVED, CHANGED }

    @Override
    public String toString() {
        String sign = switch (kind) {
            case ADDED -> "+";
            case REMOVED -> "-";
            case CHANGED -> "~";
        };
        return sign + " " + category.name().toLowerCase(java.util.Locale.ROOT) + " " + name
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
