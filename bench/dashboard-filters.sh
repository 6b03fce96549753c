#!/usr/bin/env bash
# Dashboard filters on a whole month (#10): the time from a key to the frame with the new figures,
# read from the screen in tmux as a user sees it. Usage: bench/dashboard-filters.sh FILE
# (a generated month: `ecomdash generate --rows 42448764 --out FILE`). Release build.
set -euo pipefail
file=${1:?usage: bench/dashboard-filters.sh FILE}
bin=${ECOMDASH:-.build/release/ecomdash}
sock=ecomdash-bench-$$
tmux -L "$sock" new-session -d -s b -x 140 -y 40 "TERM=xterm-256color '$bin' '$file'; sleep 5"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
now() { date +%s.%N; }
screen() { tmux -L "$sock" capture-pane -p -t b; }
# Waits until the status line matches $1 and says nothing of computing; prints the seconds since $2.
wait_for() {
  while ! screen | grep -E -- "$1" | grep -vq "computing"; do sleep 0.02; done
  echo "$(now) - $2" | bc
}
rows=$(($(wc -l < "$file") - 1))
grouped=$(echo "$rows" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
start=$(now)
echo "load (to the first complete frame): $(wait_for "whole range · $grouped of $grouped events" "$start") s"
for round in 1 2 3; do
  tmux -L "$sock" send-keys -t b 5; sleep 1
  t=$(now); tmux -L "$sock" send-keys -t b Enter
  echo "brand filter (Brands panel, Enter) #$round: $(wait_for "· brand [^ ]+ ·" "$t") s"
  t=$(now); tmux -L "$sock" send-keys -t b Escape
  echo "clear #$round: $(wait_for "whole range · $grouped of" "$t") s"
  tmux -L "$sock" send-keys -t b 4; sleep 1
  t=$(now); tmux -L "$sock" send-keys -t b Enter
  echo "category filter (Categories panel, Enter) #$round: $(wait_for "· category [^ ]+ ·" "$t") s"
  t=$(now); tmux -L "$sock" send-keys -t b Escape
  echo "clear #$round: $(wait_for "whole range · $grouped of" "$t") s"
done
tmux -L "$sock" send-keys -t b q
