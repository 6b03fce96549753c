#!/usr/bin/env bash
# Following a stream with most of a month held (#10, #13): what keeping up costs as rows
# accumulate, and a time window chosen and cleared while following. Release build.
#
#   bench/dashboard-follow.sh FILE HELD_BEFORE FOLLOW_FROM SECONDS
#   e.g. bench/dashboard-follow.sh bench-data/events-42448764.csv "2019-10-28" "2019-10-28" 60
#
# Fills a 4-shard stream with FILE's rows before HELD_BEFORE (`replay --max --to`), opens
# `ecomdash --follow` on it in tmux (120×40) and waits until every one of them is on screen; then
# replays FILE from FOLLOW_FROM at --speed 600 (the real month's pace ×600) for SECONDS and
# prints the dashboard's CPU over those seconds (user + system, % of one core) and its RSS at the
# end. Last, with the replay stopped, it chooses "last day" (/ → Right → Enter) and clears it
# (Escape), each timed from the key to the frame whose status line shows it without "computing".
# HELD_BEFORE may be before the file's first day: nothing is held then.
set -euo pipefail
file=${1:?usage: bench/dashboard-follow.sh FILE HELD_BEFORE FOLLOW_FROM SECONDS}
held_before=${2:?HELD_BEFORE}; follow_from=${3:?FOLLOW_FROM}; seconds=${4:?SECONDS}
bin=${ECOMDASH:-.build/release/ecomdash}
work=$(mktemp -d "${TMPDIR:-/tmp}/ecomdash-follow.XXXXXX")
sock=ecomdash-follow-$$
cleanup() {
  [ -n "${replay_pid:-}" ] && kill "$replay_pid" 2>/dev/null || true
  tmux -L "$sock" kill-server 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
screen() { tmux -L "$sock" capture-pane -p -t f; }
grouped() { echo "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }
# Waits until the screen matches $1 and says nothing of computing; prints the seconds since $2.
wait_for() {
  while ! screen | grep -E -- "$1" | grep -vq "computing"; do sleep 0.02; done
  echo "$(now) - $2" | bc
}
ticks=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
"$bin" stream create "$work/s" --shards 4 --retention 168 >/dev/null
held=$("$bin" replay "$file" --stream "$work/s" --max --to "$held_before" 2>&1 | grep -o 'sent [0-9]*' | tr -dc '0-9')
held=${held:-0}
echo "rows held before following: $(grouped "$held")"
start=$(now)
tmux -L "$sock" new-session -d -s f -x 120 -y 40 "TERM=xterm-256color '$bin' --follow '$work/s'; sleep 5"
wait_for "of $(grouped "$held") events" "$start" | sed 's/^/read them, to the first frame: /; s/$/ s/'
dash=$(pgrep -f -- "--follow $work/s" | head -1)
"$bin" replay "$file" --stream "$work/s" --speed 600 --from "$follow_from" >"$work/replay.log" 2>&1 &
replay_pid=$!
before=$(cpu "$dash")
sleep "$seconds"
after=$(cpu "$dash")
kill "$replay_pid" 2>/dev/null || true
wait "$replay_pid" 2>/dev/null || true
replay_pid=
sent=$(grep -o 'sent [0-9]*' "$work/replay.log" | tail -1 | tr -dc '0-9')
total=$((held + ${sent:-0}))
wait_for "of $(grouped "$total") events" "$(now)" >/dev/null
awk -v d=$((after - before)) -v t="$ticks" -v s="$seconds" -v n="${sent:-0}" \
  'BEGIN { printf "following at --speed 600 for %d s (%d records): dashboard CPU %.1f %% of a core\n", s, n, d / t / s * 100 }'
echo "RSS with $(grouped "$total") rows held: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$dash/status")"
tmux -L "$sock" send-keys -t f /; sleep 1
tmux -L "$sock" send-keys -t f Right; sleep 1
t=$(now); tmux -L "$sock" send-keys -t f Enter
echo "last day (/, Right, Enter): $(wait_for "last day ·" "$t") s"
t=$(now); tmux -L "$sock" send-keys -t f Escape
echo "clear (Escape): $(wait_for "whole range ·" "$t") s"
tmux -L "$sock" send-keys -t f q
