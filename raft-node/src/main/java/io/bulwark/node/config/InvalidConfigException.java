package io.bulwark.node.config;

import java.util.List;

/** A configuration that cannot start a node; the message lists every problem, one per line, each naming its key. */
public final class InvalidConfigException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super("invalid node configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One entry per problem, {@code key: what is wrong}. */
    public List<String> problems() {
        return problems;
    }
}
