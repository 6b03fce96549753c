#!/usr/bin/env bash
# Dashboard filters on a whole month (#10): the time from a key to the frame with the new figures,
# read from the screen in tmux as a user sees it. Usage: bench/dashboard-filters.sh FILE|LAKE
# (a generated month: `ecomdash generate --rows 42448764 --out FILE`, or a lake it was ingested
# into: the same filters, after a load of seconds instead of a parse). Release build. Three rounds
# of the top brand and the top category (Enter on the panel's first row; the second and third find
# the figures kept), then, once each, "last day", event type "view" (the most rows a filter keeps)
# and "purchase" from the filter form, each cleared with Escape.
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
if [ -d "$file" ]; then  # a lake: its rows from its report (saved beside it after the first)
  rows=$("$bin" report "$file" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["source"]["rows"])')
else
  rows=$(($(wc -l < "$file") - 1))
fi
grouped=$(echo "$rows" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
start=$(now)
echo "load (to the first complete frame): $(wait_for "whole range · $grouped of $grouped events" "$start") s"
# A lake's saved view is shown while its rows load: filters wait for the rows.
while screen | grep -q "reading"; do sleep 0.02; done
echo "every row loaded: $(echo "$(now) - $start" | bc) s"
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
# The filter form (/): a time window, then the event type's first and last choice.
for form in "Right:last day" "Tab Tab Tab Tab Tab Right:type view" "Tab Tab Tab Tab Tab Left:type purchase"; do
  keys=${form%%:*}; shown=${form#*:}
  tmux -L "$sock" send-keys -t b /; sleep 0.5
  for k in $keys; do tmux -L "$sock" send-keys -t b "$k"; sleep 0.2; done
  sleep 0.5
  t=$(now); tmux -L "$sock" send-keys -t b Enter
  echo "$shown (/ form, Enter): $(wait_for "$shown ·" "$t") s"
  t=$(now); tmux -L "$sock" send-keys -t b Escape
  echo "clear: $(wait_for "whole range · $grouped of" "$t") s"
done
tmux -L "$sock" send-keys -t b q
