#!/usr/bin/env bash
# The lake benchmark: `report` on a CSV month against `ingest` of it and `report` on the lake, the
# lake's size, and the dashboard's time to complete figures (in tmux) from the CSV and the lake.
#
#   bench/lake.sh [CSV]        (default bench-data/events-42448764.csv; RUNS=3)
#
# Each measurement is a whole process on a warm page cache, timed by GNU time (wall, peak RSS);
# report phases come from ECOMDASH_TRACE=1. The dashboard is timed from start to the first frame
# whose status line counts every row ("N of N events": the complete figures), and to the first with
# no progress bar left (every row loaded). The lake's first opening folds the month and saves the
# view in LAKE/views/; the later ones show the saved view while the rows load.
set -euo pipefail
cd "$(dirname "$0")/.."
csv=${1:-bench-data/events-42448764.csv}
runs=${RUNS:-3}
swift build -c release --product ecomdash >/dev/null
bin=$(realpath .build/release/ecomdash)
[ -f "$csv" ] || "$bin" generate --rows 42448764 --out "$csv"
lake=bench-data/lake-bench
rm -rf "$lake"
cat "$csv" >/dev/null
rows=$("$bin" report "$csv" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["source"]["rows"])')
grouped=$(python3 -c "print(f'{$rows:,}')")
for i in $(seq "$runs"); do
    /usr/bin/time -f "report csv: %e s, %M KB" env ECOMDASH_TRACE=1 "$bin" report "$csv" --format json >/dev/null
done
/usr/bin/time -f "ingest: %e s, %M KB" "$bin" ingest "$csv" --into "$lake"
echo "lake on disk: $(du -sb "$lake" | cut -f1) bytes"
# The first report of the lake folds its rows and saves the figures in LAKE/views/; the next
# ones read them back.
/usr/bin/time -f "report lake, first (folds, saves the figures): %e s, %M KB" env ECOMDASH_TRACE=1 \
    "$bin" report "$lake" --format json >/dev/null
for i in $(seq "$runs"); do
    /usr/bin/time -f "report lake, saved figures: %e s, %M KB" env ECOMDASH_TRACE=1 \
        "$bin" report "$lake" --format json >/dev/null
done
"$bin" report "$csv" --format json >bench-data/lake-bench-csv.json
"$bin" report "$lake" --format json >bench-data/lake-bench-lake.json
python3 - <<'PY'
import json
a = json.load(open("bench-data/lake-bench-csv.json")); b = json.load(open("bench-data/lake-bench-lake.json"))
diff = [k for k in a if k != "source" and a[k] != b[k]]
print("lake report equals the csv report" if not diff else f"DIFFERENT sections: {diff}")
PY
dashboard() {  # what to open, label
    tmux kill-server 2>/dev/null || true
    local start figures="" end screen
    start=$(date +%s.%N)
    tmux new-session -d -x 120 -y 40 -s bench "$bin $1"
    while true; do
        screen=$(tmux capture-pane -p -t bench)
        if [ -z "$figures" ] && grep -q "$grouped of $grouped events" <<<"$screen"; then
            figures=$(echo "$(date +%s.%N) - $start" | bc)
        fi
        if [ -n "$figures" ] && ! grep -q "reading" <<<"$screen"; then break; fi
        sleep 0.05
    done
    end=$(echo "$(date +%s.%N) - $start" | bc)
    # q, not a kill: the first opening of a lake saves its view on the way.
    tmux send-keys -t bench q
    while tmux has-session -t bench 2>/dev/null; do sleep 0.05; done
    tmux kill-server 2>/dev/null || true
    echo "dashboard $2: complete figures after $figures s, every row loaded after $end s"
}
dashboard "$lake" "lake, first opening (folds the month, saves the view)"
for i in $(seq "$runs"); do dashboard "$lake" "lake, saved view"; done
dashboard "$csv" csv
