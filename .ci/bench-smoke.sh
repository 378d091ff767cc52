#!/usr/bin/env bash
# CI smoke run of the benchmark harness (issue #5 item 6): bench/bin/compare --smoke starts etcd, Redis,
# the echo server and a 3-node Bulwark on loopback, runs every pair once for a second, and writes the
# JSON, markdown and charts into a scratch directory. Fails on any harness error or failed request, and
# when an output is missing. Then bench/bin/recovery runs its cluster phases once at a tiny size, and
# bench/bin/loadgen every workload once against a small local cluster.
# Not a measurement: the numbers are thrown away.
# Needs the reactor built (./mvnw -B verify or package) and root or passwordless sudo for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d /tmp/bulwark-bench-smoke.XXXXXX)
lg_cluster=""
cleanup() {
  if [ -n "$lg_cluster" ]; then
    BULWARK_LOCAL_DIR=$lg_cluster BULWARK_LOCAL_PORT=7980 bin/bulwark-local down >/dev/null 2>&1 || true
  fi
  rm -rf "$out"
}
trap cleanup EXIT
fail() { echo "BENCH SMOKE FAILED: $*" >&2; exit 1; }

timeout 900 bench/bin/compare --smoke --out-dir "$out" || fail "bench/bin/compare --smoke exited with $?"

json=$(ls "$out"/compare-*.json 2>/dev/null | head -n 1)
[ -n "$json" ] || fail "no compare-<date>.json written"
for f in compare-latest.md compare-latest-throughput.png compare-latest-latency.png; do
  [ -s "$out/$f" ] || fail "$f missing or empty"
done
for sig in PNG; do
  head -c 8 "$out/compare-latest-throughput.png" | grep -q "$sig" || fail "throughput chart is not a PNG"
done
# Every peer was exercised: each side's id appears in the results.
for side in bulwark-check-local bulwark-check-at-least bulwark-check-linearizable bulwark-check-token bulwark-revoke \
    bulwark-session-create etcd-serializable-get etcd-serializable-get-after-writes etcd-linearizable-get \
    etcd-txn-3-ranges etcd-put etcd-lease-put redis-incr-expire grpc-echo; do
  grep -q "\"$side\"" "$json" || fail "side $side missing from $json"
done
grep -q "^## Targets" "$out/compare-latest.md" || fail "target report missing from compare-latest.md"
echo "bench smoke: ok ($(grep -c '"pair":' "$json") pairs)"

# The scale-and-recovery tool the same way: every cluster phase once at a tiny size (its own 3-node
# cluster on ports 7960+, stopped by PID on exit). Not a measurement either.
rec="$out/recovery"
mkdir -p "$rec"
timeout 900 bench/bin/recovery --out-dir "$rec" --port 7960 \
    --phases propagation,failover,scale,snapshot,restart --steps 2000 --failovers 1 \
    --propagation-samples 100 --propagation-warmup 2s --idle-samples 20 \
  || fail "bench/bin/recovery exited with $?"
for f in recovery-latest.json scale-latest.json; do
  [ -s "$rec/$f" ] || fail "$f missing or empty"
done
for key in '"propagation"' '"failover"' '"snapshot"' '"restart"' '"targets"'; do
  grep -q "$key" "$rec/recovery-latest.json" || fail "$key missing from recovery-latest.json"
done
grep -q '"revocation_propagation_p99"' "$rec/recovery-latest.json" || fail "propagation target missing"
echo "recovery smoke: ok"

# The load generator: every workload once, for a second, at 8 in flight, against a 3-node cluster of
# its own (bin/bulwark-local on ports 7980+, with the example bundle and its TEST-ONLY issuer keys, which
# the bearer workloads sign with). loadgen exits 1 when any request failed (a bearer check that is not
# ALLOW counts as failed).
lg_cluster="$out/loadgen-cluster"
BULWARK_LOCAL_DIR=$lg_cluster BULWARK_LOCAL_PORT=7980 timeout 300 bin/bulwark-local up >"$out/loadgen-up.log" 2>&1 \
  || { tail -n 30 "$out/loadgen-up.log" >&2; fail "bin/bulwark-local up for the loadgen smoke failed"; }
timeout 600 bench/bin/loadgen --endpoints 127.0.0.1:7980,127.0.0.1:7981,127.0.0.1:7982 \
    --workload revoke,session-create,check-local,check-at-least,check-linearizable,check-token,check-bearer-cached,check-bearer-fresh \
    --in-flight 8 --duration 1s --warmup 500ms --sessions 200 --bearer-tokens 20 --fresh-tokens 3000 \
    --out "$out/loadgen.json" || fail "bench/bin/loadgen exited with $?"
for w in revoke session-create check-local check-at-least check-linearizable check-token check-bearer-cached \
    check-bearer-fresh; do
  grep -q "\"$w\"" "$out/loadgen.json" || fail "workload $w missing from loadgen.json"
done
echo "loadgen smoke: ok"
