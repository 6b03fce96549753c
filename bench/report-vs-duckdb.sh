#!/usr/bin/env bash
# The batch benchmark: `ecomdash report` against DuckDB on the same generated file, in one run.
#
#   bench/report-vs-duckdb.sh [ROWS] [RUNS]      (defaults: 7000000 rows, 3 runs each)
#
# Both tools compute the four insights of INSIGHTS.md from the CSV file: ecomdash with
# `report --format json`, DuckDB (2 threads) with read_csv into a table plus the same queries
# (tools/duckdb_report.py). Runs alternate between the tools on a warm page cache; the table
# gives the median wall time and peak RSS (GNU time), and the outputs are compared field by field.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-7000000}
runs=${2:-3}
data="bench-data/events-${rows}.csv"
mkdir -p bench-data
python3 -c "import duckdb" 2>/dev/null || pip install --quiet duckdb
swift build -c release --product ecomdash >/dev/null
bin=.build/release/ecomdash
if [ ! -f "$data" ]; then
    /usr/bin/time -f "generate: %e s, %M KB" "$bin" generate --rows "$rows" --out "$data"
fi
cat "$data" >/dev/null   # warm the page cache for both tools alike

measure() {  # name, output file, command…
    local name=$1 out=$2
    shift 2
    /usr/bin/time -f "%e %M" -o /tmp/ecomdash-bench-time "$@" >"$out"
    echo "$name $(cat /tmp/ecomdash-bench-time)" >>/tmp/ecomdash-bench-runs
}
: >/tmp/ecomdash-bench-runs
for _ in $(seq "$runs"); do
    measure ecomdash /tmp/ecomdash-bench-mine.json "$bin" report "$data" --format json
    measure duckdb /tmp/ecomdash-bench-duckdb.json python3 tools/duckdb_report.py "$data" --threads 2
done

python3 - "$rows" "$(stat -c %s "$data")" <<'PY'
import statistics, sys
rows, size = int(sys.argv[1]), int(sys.argv[2])
runs = {}
for line in open("/tmp/ecomdash-bench-runs"):
    name, secs, kb = line.split()
    runs.setdefault(name, []).append((float(secs), int(kb)))
print(f"file: {rows:,} rows, {size / 1e6:,.0f} MB")
print("| tool | median wall (s) | runs (s) | peak RSS (MB) | bytes/row | rows/s |")
print("|---|---|---|---|---|---|")
med = {}
for name in ("ecomdash", "duckdb"):
    r = runs[name]
    wall = statistics.median(s for s, _ in r)
    rss = max(k for _, k in r) * 1024
    med[name] = wall
    print(f"| {name} | {wall:.2f} | {', '.join(f'{s:.2f}' for s, _ in r)} | {rss / 1e6:,.0f} | {rss / rows:.1f} | {rows / wall / 1e6:.2f} M |")
print(f"ecomdash / duckdb wall time: {med['ecomdash'] / med['duckdb']:.3f}")
PY
python3 tools/compare_reports.py /tmp/ecomdash-bench-mine.json /tmp/ecomdash-bench-duckdb.json
