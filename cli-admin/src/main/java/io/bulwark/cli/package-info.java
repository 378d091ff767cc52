/**
 * The {@code bulwark} operator CLI: {@code noun verb} commands over the Bulwark client SDK.
 *
 * <p>{@link io.bulwark.cli.BulwarkCli} builds the picocli command tree, injects a
 * {@link io.bulwark.cli.CliContext} (clock, stdin, stdout, stderr, environment) into every command so tests
 * can run the CLI in-process, and maps failures to the documented {@link io.bulwark.cli.ExitCodes}. Data goes to
 * stdout, diagnostics to stderr. Sub-packages: {@code commands} (one class per noun), {@code options} (shared
 * mixins and argument parsing), {@code output} (text and protobuf-JSON rendering).
 */
package io.bulwark.cli;
