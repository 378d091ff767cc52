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

# Policy: `up` loads examples/orders-bundle when the nodes serve bundles. A node build without the policy
# service answers UNIMPLEMENTED: then this part is skipped (said so below), never silently passed.
policy="skipped (nodes without the policy service)"
if ! bstatus=$(bin/bulwark bundle status -o json 2>&1); then
  grep -q UNIMPLEMENTED <<<"$bstatus" || fail "bundle status: $bstatus"
  echo "smoke: the nodes do not serve the policy service (UNIMPLEMENTED); bearer checks skipped" >&2
elif ! grep -q '"active":{' <<<"$bstatus"; then
  fail "the nodes serve bundles but none is active: bin/bulwark-local up did not load the example bundle"
else
  # TEST-ONLY tokens of the example issuer (examples/keys/README.md).
  mint() {
    bin/bulwark dev mint-token --jwks-private examples/keys/TEST-ONLY-issuer.private.jwks.json --kid example-rs-1 \
      --iss https://id.example.test --aud orders-api --sub smoke-reader --tenant acme --ttl 5m "$@" 2>/dev/null
  }
  reader=$(mint --roles reader) || fail "dev mint-token (reader)"
  admin=$(mint --roles admin) || fail "dev mint-token (admin)"
  # The reader's header and signature around the admin's claims: a privilege escalation attempt.
  tampered="${reader%%.*}.$(cut -d. -f2 <<<"$admin").${reader##*.}"
  check_orders() {
    bin/bulwark check --bearer-token-file - --method GET --path /orders/42 --tenant acme \
      --consistency linearizable --timeout 30s --output json <<<"$1"
  }
  set +e
  allow=$(check_orders "$reader"); rc_allow=$?
  deny=$(check_orders "$tampered"); rc_deny=$?
  set -e
  [ "$rc_allow" = 0 ] && grep -q DECISION_ALLOW <<<"$allow" \
    || fail "GET /orders/42 as a reader of the example bundle: expected ALLOW (exit 0), got exit $rc_allow: $allow"
  [ "$rc_deny" = 1 ] && grep -q DECISION_DENY <<<"$deny" \
    || fail "GET /orders/42 with a tampered token: expected DENY (exit 1), got exit $rc_deny: $deny"
  policy="example bundle active, reader ALLOW, tampered token DENY"
fi

echo "smoke ok: local cluster up, session create/check/revoke, token revoke, status, bad input; policy: $policy"
