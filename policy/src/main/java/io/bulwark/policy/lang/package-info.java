/**
 * The policy language's front end: {@link io.bulwark.policy.lang.Lexer}, the hand-written
 * recursive-descent {@link io.bulwark.policy.lang.Parser}, the syntax tree {@link io.bulwark.policy.lang.Ast}
 * and positioned errors ({@code file:line:col: expected ..., found ...}). No name resolution here.
 */
package io.bulwark.policy.lang;
