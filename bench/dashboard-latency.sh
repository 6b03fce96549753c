#!/usr/bin/env bash
# Append-to-screen latency of the dashboard following a stream while a replay writes to it.
#
#   [PRELOAD=ROWS] bench/dashboard-latency.sh [ROWS] [REPLAY OPTIONS…]   (defaults: 7000000, --max)
#   e.g. PRELOAD=7000000 bench/dashboard-latency.sh 1000000 --rate 200000
#        PRELOAD=7000000 bench/dashboard-latency.sh 7000000 --speed 600 --from "2019-10-31 20:00"
#   WAIT_TENTHS=6000 … waits up to 600 s (default 120 s) for the dashboard to show the rows (a
#   preloaded month takes longer to read)
#
# Creates a 4-shard stream under bench-data/ and, with PRELOAD, fills it with that many generated
# rows first. Opens `ecomdash --follow` on it in a detached tmux (160×45, Live panel) with
# ECOMDASH_TRACE=1 and waits until the dashboard shows the preloaded rows; then replays the
# generated file of ROWS rows into the stream with the given pacing, waits until the dashboard
# shows every row, quits it and prints its measurement: for each record appended while it ran, the
# time from the append (the record's arrival time) to the first frame drawn with data that
# includes it; and the dashboard's CPU time and peak memory. All processes share the 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-7000000}
shift || true
replay=("$@")
[ ${#replay[@]} -gt 0 ] || replay=(--max)
preload=${PRELOAD:-0}
mkdir -p bench-data
swift build -c release --product ecomdash >/dev/null
bin=$PWD/.build/release/ecomdash
for n in "$rows" "$preload"; do
    [ "$n" = 0 ] || [ -f "bench-data/events-$n.csv" ] || "$bin" generate --rows "$n" --out "bench-data/events-$n.csv"
done
s=bench-data/latency-stream
rm -rf "$s"
"$bin" stream create "$s" --shards 4 >/dev/null
[ "$preload" = 0 ] || "$bin" replay "bench-data/events-$preload.csv" --stream "$s" --max 2>/dev/null
sock=ecomdash-latency-$$
err=/tmp/ecomdash-latency-$$.txt
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$s" "$err"' EXIT
tmux -L "$sock" new-session -d -x 160 -y 45 \
    "ECOMDASH_TRACE=1 /usr/bin/time -f 'dashboard CPU: %U s user, %S s system, peak RSS %M KB' $bin --follow $s 2>$err"
tmux -L "$sock" send-keys 6
wait_for_rows() {
    local shown
    shown="$(python3 -c "print(f'{$1:,}')") of"
    for _ in $(seq "${WAIT_TENTHS:-1200}"); do
        tmux -L "$sock" capture-pane -p | grep -q "· $shown" && return 0
        sleep 0.1
    done
    echo "the dashboard did not show $1 rows within $(( ${WAIT_TENTHS:-1200} / 10 )) s" >&2
    exit 1
}
wait_for_rows "$preload"
cat "bench-data/events-$rows.csv" >/dev/null
start=$(date +%s.%N)
sent=$("$bin" replay "bench-data/events-$rows.csv" --stream "$s" "${replay[@]}" 2>&1 | tail -1)
echo "$sent"
wait_for_rows $((preload + $(echo "$sent" | sed -E 's/^sent ([0-9]+) records.*/\1/')))
echo "the dashboard showed every row $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s after the replay started"
tmux -L "$sock" capture-pane -p | grep -E "refresh " | sed 's/^│//; s/│.*//; s/ *$//'
tmux -L "$sock" send-keys q
for _ in $(seq 100); do
    grep -q "dashboard CPU" "$err" 2>/dev/null && break
    sleep 0.1
done
cat "$err"
