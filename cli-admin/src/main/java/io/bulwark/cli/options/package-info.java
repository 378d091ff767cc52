/**
 * Options shared by several commands (picocli mixins and argument groups) and the parsing of times, durations
 * and secrets. Session ids are secrets: {@link io.bulwark.cli.options.SecretInput} reads them from a file or
 * stdin and never echoes them.
 */
package io.bulwark.cli.options;
