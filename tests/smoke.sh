#!/usr/bin/env bash
# Starts a built roundtable binary on a fresh data directory, checks that it
# prints its URL and an organiser link and that /healthz answers 200, then
# stops it with SIGTERM and checks it exits cleanly.
set -euo pipefail
bin=${1:-target/release/roundtable}
data=$(mktemp -d)
out=$(mktemp)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$data" "$out"' EXIT
"$bin" --bind 127.0.0.1:0 --data "$data" >"$out" 2>/dev/null &
pid=$!
for _ in $(seq 100); do grep -q '#token=' "$out" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$out")
grep -q "$url/#token=" "$out" || { echo "smoke: no organiser link printed"; cat "$out"; exit 1; }
code=$(python3 -c "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).status)" "$url/healthz")
[ "$code" = 200 ] || { echo "smoke: /healthz answered $code"; exit 1; }
kill -TERM "$pid"
wait "$pid"
echo "smoke: ok ($url, healthz 200, clean shutdown)"
