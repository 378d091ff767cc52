package io.bulwark.policy.diff;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.bulwark.policy.diff.BundleChange.Category;
import io.bulwark.policy.diff.BundleChange.Kind;
import io.bulwark.policy.v1.CompiledBundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * {@code bulwark bundle diff}: what changed between two compiled bundles, item by item (issuers,
 * roles, routes, rules, lists, limits, tests), plus a change of rule order, which matters because
 * the first matching rule of an effect is the one reported. A pure function of its inputs.
 */
public final class BundleDiff {
    private BundleDiff() {
    }

    /** Changes from {@code before} to {@code after}, by category then name. */
    public static List<BundleChange> diff(CompiledBundle before, CompiledBundle after) {
        List<BundleChange> out = new ArrayList<>();
        if (!before.getMeta().equals(after.getMeta())) {
            out.add(new BundleChange(Category.META, Kind.CHANGED, after.getMeta().getName(),
                    fields(before.getMeta(), after.getMeta())));
        }
        items(out, Category.ISSUER, before.getIssuersList(), after.getIssuersList(), i -> i.getName());
        items(out, Category.ROLE, before.getRolesList(), after.getRolesList(), r -> r.getName());
        items(out, Category.ROUTE, before.getRoutesList(), after.getRoutesList(), r -> r.getMethod() + " " + r.getPattern());
        items(out, Category.RULE, before.getRulesList(), after.getRulesList(), r -> r.getName());
        List<String> oldOrder = new ArrayList<>(before.getRulesList().stream().map(r -> r.getName()).toList());
        List<String> newOrder = new ArrayList<>(after.getRulesList().stream().map(r -> r.getName()).toList());
        oldOrder.retainAll(newOrder);
        newOrder.retainAll(oldOrder);
        if (!oldOrder.equals(newOrder)) {
            out.add(new BundleChange(Category.RULE_ORDER, Kind.CHANGED, "rules", String.join(", ", newOrder)));
        }
        items(out, Category.LIST, before.getListsList(), after.getListsList(), l -> l.getName());
        items(out, Category.LIMIT, before.getLimitsList(), after.getLimitsList(), l -> l.getName());
        items(out, Category.TEST, before.getTestsList(), after.getTestsList(), t -> t.getName());
        return List.copyOf(out);
    }

    private static <T extends Message> void items(List<BundleChange> out, Category cat, List<T> before, List<T> after,
                                                  Function<T, String> name) {
        Map<String, T> a = index(before, name);
        Map<String, T> b = index(after, name);
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String n : names) {
            T x = a.get(n);
            T y = b.get(n);
            if (x == null) {
                out.add(new BundleChange(cat, Kind.ADDED, n, ""));
            } else if (y == null) {
                out.add(new BundleChange(cat, Kind.REMOVED, n, ""));
            } else if (!x.equals(y)) {
                out.add(new BundleChange(cat, Kind.CHANGED, n, fields(x, y)));
            }
        }
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> name) {
        Map<String, T> m = new LinkedHashMap<>();
        items.forEach(i -> m.put(name.apply(i), i));
        return m;
    }

    /** Names of the top-level fields that differ, comma-separated. */
    private static String fields(Message x, Message y) {
        List<String> diff = new ArrayList<>();
        for (FieldDescriptor f : x.getDescriptorForType().getFields()) {
            if (!x.getField(f).equals(y.getField(f))) {
                diff.add(f.getName());
            }
        }
        return String.join(", ", diff);
    }
}
