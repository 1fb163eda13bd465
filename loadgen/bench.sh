#!/usr/bin/env bash
# Runs one loadgen scenario RUNS times, each against a fresh release server
# on a fresh data directory, with the server pinned to CPU 0 and loadgen to
# CPU 1, then prints the median of each figure. See docs/performance.md.
#
#   loadgen/bench.sh s2 3 [extra `loadgen run` flags...]
#
# Build first: cargo build --release -p loadgen -p roundtable
# Results: target/loadgen-results/<scenario>.jsonl (one JSON line per run)
# and <scenario>-<n>.txt (each run's table).
# SERVER_ARGS adds flags to the server (e.g. SERVER_ARGS="--rate 20");
# SERVER_BIN runs another server binary (e.g. a patched build, to measure a
# proposed change against the same load).
set -euo pipefail
scenario=${1:?usage: bench.sh s1|s2|s3|s4 [runs] [loadgen flags...]}
runs=${2:-3}
shift $(( $# >= 2 ? 2 : 1 ))
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$root/target/release
out=${OUT:-$root/target/loadgen-results}
mkdir -p "$out"
: >"$out/$scenario.jsonl"

# S2 and S4 need more rooms than the example consultation has.
consultation=()
case $scenario in
  s2 | s4)
    "$bin/loadgen" consultation --groups 99 --out "$out/bench.toml" >/dev/null
    consultation=(--consultation "$out/bench.toml")
    ;;
esac

for i in $(seq "$runs"); do
  data=$(mktemp -d)
  log=$data.out
  # The server needs a descriptor per connection: take the hard limit.
  (
    ulimit -n "$(ulimit -Hn)"
    exec taskset -c 0 "${SERVER_BIN:-$bin/roundtable}" --bind 127.0.0.1:0 --data "$data" "${consultation[@]}" \
      --rate 1000 --burst 1000 ${SERVER_ARGS:-} >"$log" 2>"$data.err"
  ) &
  pid=$!
  for _ in $(seq 100); do grep -q '#token=' "$log" 2>/dev/null && break; sleep 0.1; done
  url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$log")
  echo "== $scenario run $i/$runs against $url (server pid $pid)" >&2
  status=0
  taskset -c 1 "$bin/loadgen" run --scenario "$scenario" --url "$url" --organiser-file "$log" \
    --server-pid "$pid" "$@" >"$out/$scenario-$i.txt" || status=$?
  cat "$out/$scenario-$i.txt"
  tail -n 1 "$out/$scenario-$i.txt" >>"$out/$scenario.jsonl"
  kill -TERM "$pid"
  wait "$pid" || true
  rm -rf "$data" "$log" "$data.err"
  [ "$status" -le 1 ] || { echo "loadgen failed (exit $status)" >&2; exit "$status"; }
  sleep 2
done

python3 - "$out/$scenario.jsonl" <<'PY'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def med(f):
    vals = [v for v in (f(r) for r in runs) if v is not None]
    return statistics.median(vals) if vals else None
def get(r, path):
    for p in path.split("."):
        if r is None: return None
        r = r.get(p)
    return r
rows = [
    "connect_s", "connect_ms.p99", "committed_per_s", "deliveries_per_s",
    "ack_ms.p50", "ack_ms.p90", "ack_ms.p99", "ack_ms.p999", "ack_ms.max",
    "delivery_ms.p50", "delivery_ms.p90", "delivery_ms.p99", "delivery_ms.p999", "delivery_ms.max",
    "ack_written_ms.p99", "delivery_written_ms.p50", "delivery_written_ms.p99",
    "posts.expected", "posts.delivered", "lost", "duplicated", "gaps",
    "server.cpu_cores", "server.rss_per_idle_connection_kib", "server.peak_rss_kib",
    "loadgen_cpu_cores", "send_lag_ms.p99", "other_load_cores", "listen_overflows",
    "storm.resumed", "storm.all_resumed_s", "storm.resume_ms.p99",
    "counters.resyncs", "counters.late_snapshots",
]
print(f"median of {len(runs)} run(s), {runs[0]['description']}")
for k in rows:
    v = med(lambda r: get(r, k))
    if v is not None:
        each = ", ".join(f"{get(r, k):.6g}" for r in runs if get(r, k) is not None)
        print(f"  {k:<38} {v:>12.6g}   ({each})")
print("  all ok:", all(r["ok"] for r in runs))
PY
