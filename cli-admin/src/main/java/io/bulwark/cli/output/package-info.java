/**
 * Rendering of results: protobuf JSON (one compact object per line, default values included, via
 * {@code JsonFormat}) or aligned text for people. Renderers print only what the server returned; the only
 * secret ever printed is the session id in the reply to {@code session create}, which the operator asked for.
 */
package io.bulwark.cli.output;
