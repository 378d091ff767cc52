package io.bulwark.chaos.nemesis;

import java.util.List;
import java.util.function.Supplier;

/** The nemeses built so far, by name. Each call returns fresh instances (they hold their victims). */
public final class Nemeses {
    private static final List<Supplier<Nemesis>> ALL = List.of(
            () -> new KillRestart(false),
            () -> new KillRestart(true),
            () -> new PauseNode(false),
            () -> new PauseNode(true),
            () -> new Partition(Partition.Shape.ISOLATE_NODE),
            () -> new Partition(Partition.Shape.ISOLATE_LEADER),
            () -> new Partition(Partition.Shape.RANDOM_HALVES),
            () -> new Partition(Partition.Shape.ONE_WAY),
            () -> new ClockJump(120),
            () -> new ClockJump(-120),
            () -> new ClockDrift(0.7),
            () -> new ClockDrift(1.5),
            MembershipChange::new,
            DiskFull::new,
            // Two at once: a partition while another node crashes; a clock jump on a node, then a frozen leader.
            () -> new Combined(new Partition(Partition.Shape.ISOLATE_LEADER), new KillRestart(false)),
            () -> new Combined(new ClockJump(120), new PauseNode(true)));

    private Nemeses() {
    }

    /** Every nemesis, in matrix order. */
    public static List<Nemesis> all() {
        return ALL.stream().map(Supplier::get).toList();
    }

    /** The names of {@link #all()}. */
    public static List<String> names() {
        return all().stream().map(Nemesis::name).toList();
    }

    /** The nemesis called {@code name}; throws listing the known names otherwise. */
    public static Nemesis byName(String name) {
        for (Nemesis n : all()) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("unknown nemesis '" + name + "'; known: " + names());
    }
}
