#!/usr/bin/env bash
# Soak: the dashboard follows a stream for a long time while a replay feeds it; once a minute the
# dashboard's resident memory, its CPU use over the minute and the rows it holds are sampled.
#
#   tools/soak.sh MINUTES PACING [CSV]      PACING: --speed 600 | --rate 100000
#
# The replay loops the file with --shift-loops: each pass moves its times forward by the file's span
# in whole days, so an hour at --rate 100000 is months of a shop going forward, not the same month
# repeated (whose users' windows would fill with repeats of their own events).
# Writes bench-data/soak-<pacing>-<minutes>m.tsv (one line a minute) and prints a summary: bytes held per row
# at the start and at the end (flat means memory follows the rows held and nothing else grows), CPU
# in the first and the last ten minutes, the append-to-screen latency (ECOMDASH_TRACE) and whether
# the dashboard exited 0 on q. Uses the release build (`swift build -c release`) or $ECOMDASH.
# The dashboard keeps every row it reads, so memory grows with the rows; the stream directory holds
# every record for its one-hour retention, so --rate needs about 35 MB of disk a second.
# KEEP_MINUTES=N stands in for a shorter retention than the shard log's one-hour minimum: once a
# minute the script deletes, as a writer's retention does, each shard's segments but the newest
# whose last write is more than N minutes old (an hour at --rate 100000 then needs N × 1.9 GB of
# disk, not 114 GB). A reader still behind them would stop at the gap, so the soak would fail.
set -euo pipefail
minutes=${1:?minutes}; flag=${2:?--speed or --rate}; value=${3:?value}; csv=${4:-}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${ECOMDASH:-$root/.build/release/ecomdash}
[ -x "$bin" ] || { echo "build first: swift build -c release" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ecomdash-soak.XXXXXX")
socket="ecomdash-soak-$$"
mkdir -p "$root/bench-data"
out="$root/bench-data/soak-${flag#--}${value}-${minutes}m.tsv"
cleanup() {
    [ -n "${replay_pid:-}" ] && kill "$replay_pid" 2>/dev/null || true
    tmux -L "$socket" kill-server 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
if [ -z "$csv" ]; then
    csv="$work/events.csv"
    "$bin" generate --rows 2000000 --out "$csv" >/dev/null
fi
"$bin" stream create "$work/stream" --shards 4 --retention 1 >/dev/null
"$bin" replay "$csv" --stream "$work/stream" "$flag" "$value" --loop 1000 --shift-loops >"$work/replay.log" 2>&1 &
replay_pid=$!
tmux -L "$socket" new-session -d -s soak -x 120 -y 40 \
    "ECOMDASH_TRACE=1 TERM=xterm-256color '$bin' --follow '$work/stream' 2>'$work/dash.err'; echo EXIT=\$? >'$work/dash.exit'"
sleep 2
dash_pid=$(pgrep -f -- "--follow $work/stream" | head -1)
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
rows_held() {
    tmux -L "$socket" capture-pane -p -t soak | grep -o 'of [0-9,]* events' | tail -1 | tr -dc '0-9'
}
printf 'minute\trows_held\trss_mb\tbytes_per_row\tdashboard_cpu_pct\treplay_cpu_pct\tstream_mb\n' >"$out"
last_dash=$(cpu "$dash_pid"); last_replay=$(cpu "$replay_pid")
for m in $(seq 1 "$minutes"); do
    sleep 60
    kill -0 "$dash_pid" 2>/dev/null || { echo "the dashboard ended at minute $m" >&2; exit 1; }
    if [ -n "${KEEP_MINUTES:-}" ]; then
        for shard in "$work"/stream/shard-*/; do
            find "$shard" -maxdepth 1 -name '*.seg' -mmin +"$KEEP_MINUTES" | sort | head -n -1 | xargs -r rm -f
        done
    fi
    now_dash=$(cpu "$dash_pid"); now_replay=$(cpu "$replay_pid" 2>/dev/null || echo "$last_replay")
    rows=$(rows_held); rows=${rows:-0}
    rss=$(rss_kb "$dash_pid")
    awk -v m="$m" -v r="$rows" -v k="$rss" -v d=$((now_dash - last_dash)) -v p=$((now_replay - last_replay)) \
        -v t="$ticks" -v s="$(du -sm "$work/stream" | cut -f1)" \
        'BEGIN { printf "%d\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t%d\n", m, r, k / 1024, r ? k * 1024 / r : 0, d / t / 60 * 100, p / t / 60 * 100, s }' \
        >>"$out"
    tail -1 "$out"
    last_dash=$now_dash; last_replay=$now_replay
done
tmux -L "$socket" send-keys -t soak q
for _ in $(seq 1 100); do [ -f "$work/dash.exit" ] && break; sleep 0.2; done
echo "exit: $(cat "$work/dash.exit" 2>/dev/null || echo 'none after 20 s')"
echo "latency: $(cat "$work/dash.err")"
awk -F'\t' 'NR == 2 { b0 = $4 } NR > 1 { n++; c[n] = $5; b = $4 }
    END { k = n < 10 ? n : 10; for (i = 1; i <= k; i++) { f += c[i]; l += c[n - k + i] }
          printf "bytes per row held: %.1f at minute 1, %.1f at minute %d; dashboard CPU %.1f%% (first %d min), %.1f%% (last %d min)\n",
                 b0, b, n, f / k, k, l / k, k }' "$out"
echo "samples: $out"
