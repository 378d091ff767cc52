package io.bulwark.cli.commands;

import io.bulwark.cli.CliContext;
import io.bulwark.cli.VersionProvider;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code bulwark completion}: prints the bash/zsh completion script. */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Prints a bash (and zsh, via bashcompinit) completion script.",
    footer = {"%nExamples:", "  source <(bulwark completion)",
        "  bulwark completion > /etc/bash_completion.d/bulwark"})
public final class CompletionCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Spec
    CommandSpec spec;

    /** Injected by the CLI factory. */
    public CompletionCommand(final CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        ctx.out().flush();
        return 0;
    }
}
