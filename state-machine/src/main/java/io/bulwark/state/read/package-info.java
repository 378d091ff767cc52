/**
 * Read-side views of the tables as public API messages: sessions, a subject's session list and
 * revocation state. Reads run on any thread beside apply; each row is read whole, but a read
 * spanning rows (a list) may see a batch half-applied.
 */
package io.bulwark.state.read;
