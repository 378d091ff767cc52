#!/usr/bin/env bash
# Brings up the local cluster with the README's first command, drives it through the CLI the way
# an operator would, and tears it down even on failure. Uses a scratch directory and its own ports.
set -euo pipefail
cd "$(dirname "$0")/.."

export BULWARK_LOCAL_DIR
BULWARK_LOCAL_DIR=$(mktemp -d /tmp/bulwark-smoke.XXXXXX)
export BULWARK_LOCAL_PORT=7301
export BULWARK_ENDPOINTS=127.0.0.1:7301,127.0.0.1:7302,127.0.0.1:7303
cleanup() {
  bin/bulwark-local down || true
  rm -rf "$BULWARK_LOCAL_DIR"
}
trap cleanup EXIT

fail() { echo "SMOKE FAILED: $*" >&2; for f in "$BULWARK_LOCAL_DIR"/node-*/node.log; do echo "--- $f" >&2; tail -n 30 "$f" >&2; done; exit 1; }

bin/bulwark-local up || fail "bulwark-local up"

sid=$(bin/bulwark session create --subject smoke-user --ttl 10m --output json | sed -n 's/.*"sessionId": *"\([^"]*\)".*/\1/p')
[ -n "$sid" ] || fail "session create printed no session id"

bin/bulwark check --session-id "$sid" >/dev/null || fail "check of a live session was not ALLOW"
bin/bulwark session revoke --session-id "$sid" >/dev/null || fail "session revoke"
if bin/bulwark check --session-id "$sid" --consistency linearizable >/dev/null; then
  fail "check of a revoked session was ALLOW"
fi
bin/bulwark revoke token --issuer https://id.example.test --token-id smoke-jti >/dev/null || fail "revoke token"
bin/bulwark cluster status >/dev/null || fail "cluster status"

set +e
bin/bulwark session create --subject "" --ttl 10m >/dev/null 2>&1
rc=$?
set -e
[ "$rc" = 4 ] || fail "empty subject: expected exit 4 (invalid argument), got $rc"

echo "smoke ok: local cluster up, session create/check/revoke, token revoke, status, bad input"
