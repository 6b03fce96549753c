#!/usr/bin/env bash
# Append-to-screen latency of the dashboard following a stream while a replay writes to it.
#
#   bench/dashboard-latency.sh [ROWS] [REPLAY PACING…]   (defaults: 7000000 rows, --max)
#   e.g. bench/dashboard-latency.sh 7000000 --rate 200000
#
# Creates a 4-shard stream under bench-data/, opens `ecomdash --follow` on it in a detached tmux
# (160×45, Live panel) with ECOMDASH_TRACE=1, replays the generated file into the stream, waits
# until the dashboard has drawn every row, quits it, and prints its measurement: the time from each
# record's append (its arrival time) to the first frame drawn with data that includes it, and the
# dashboard's CPU time. Both processes share the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-7000000}
shift || true
pacing=("$@")
[ ${#pacing[@]} -gt 0 ] || pacing=(--max)
data="bench-data/events-${rows}.csv"
mkdir -p bench-data
swift build -c release --product ecomdash >/dev/null
bin=$PWD/.build/release/ecomdash
[ -f "$data" ] || "$bin" generate --rows "$rows" --out "$data"
cat "$data" >/dev/null
s=bench-data/latency-stream
rm -rf "$s"
"$bin" stream create "$s" --shards 4 >/dev/null
sock=ecomdash-latency-$$
err=/tmp/ecomdash-latency-$$.txt
tmux -L "$sock" new-session -d -x 160 -y 45 \
    "ECOMDASH_TRACE=1 /usr/bin/time -f 'dashboard CPU: %U s user, %S s system, peak RSS %M KB' $bin --follow $s 2>$err"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$s"' EXIT
sleep 1
tmux -L "$sock" send-keys 6
start=$(date +%s.%N)
"$bin" replay "$data" --stream "$s" "${pacing[@]}" 2>&1 | tail -1
grouped=$(python3 -c "print(f'{$rows:,}')")
shown="$grouped of $grouped events"
for _ in $(seq 600); do
    tmux -L "$sock" capture-pane -p | grep -q "$shown" && break
    sleep 0.1
done
echo "dashboard showed all $rows rows $(echo "$(date +%s.%N) - $start" | bc) s after the replay started"
tmux -L "$sock" capture-pane -p | grep -E "refresh|ingest rate" | sed 's/[│ ]*$//; s/^[│ ]*/  /'
tmux -L "$sock" send-keys q
for _ in $(seq 100); do
    grep -q "dashboard CPU" "$err" 2>/dev/null && break
    sleep 0.1
done
cat "$err"
