#!/usr/bin/env bash
# CI smoke run of the load generator: scenario S1 for 10 s against a fresh
# release server on a fresh data directory. Fails only when contributions
# were lost, duplicated or skipped (loadgen exit 1) or the run could not
# happen at all (exit 2); never because something was slow.
#
#   bash loadgen/smoke.sh [target/release]
#
# Needs: cargo build --release --locked -p roundtable -p loadgen
set -euo pipefail
bin=${1:-target/release}
data=$(mktemp -d)
out=$data.out
pid=
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$data" "$out"
}
trap cleanup EXIT
"$bin/roundtable" --bind 127.0.0.1:0 --data "$data" >"$out" 2>/dev/null &
pid=$!
for _ in $(seq 100); do grep -q '#token=' "$out" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$out")
[ -n "$url" ] || { echo "loadgen smoke: the server printed no URL"; cat "$out"; exit 2; }
"$bin/loadgen" run --scenario s1 --duration 10 --url "$url" --organiser-file "$out" --server-pid "$pid"
