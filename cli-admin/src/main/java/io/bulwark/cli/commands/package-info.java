/**
 * One class per noun ({@code session}, {@code revoke}, {@code revocation}, {@code check}, {@code cluster},
 * {@code completion}), its verbs as nested commands. Every leaf that talks to the cluster extends
 * {@link io.bulwark.cli.commands.ClientCommand}, which carries the shared connection and output mixins, resolves
 * inputs (usage errors) before connecting, and closes the client afterwards.
 */
package io.bulwark.cli.commands;
