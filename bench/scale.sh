#!/usr/bin/env bash
# The scale benchmark: `ecomdash report` from 1 M rows to both months (110 M), beside DuckDB and
# chDB on the same files, and the same 7 M rows as plain, gzip and zip — in one run.
#
#   bench/scale.sh                 (everything; about 15 minutes, 17 GB of files under bench-data/)
#   RUNS=5 bench/scale.sh          (runs of each measurement at 1 M and 7 M; default 3)
#   TOOLS=ecomdash bench/scale.sh  (only ecomdash: after a change to it)
#
# Files are generated once with `ecomdash generate` at the real dataset's cardinalities (the Oct
# month has 42,448,764 rows, the Nov month 67,501,979 with its mid-month sale) and kept. Each
# measurement is a whole process on a warm page cache, timed by GNU time (wall, peak RSS);
# ecomdash's phases come from ECOMDASH_TRACE=1. Medians are reported, with every run listed: this
# machine's timings vary by ±20 % from run to run. Every oracle's output is compared with
# ecomdash's field by field (tools/compare_reports.py).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
tools=${TOOLS:-ecomdash duckdb chdb}
mkdir -p bench-data
out=bench-data/scale-runs.txt
: >"$out"
swift build -c release --product ecomdash >/dev/null
bin=.build/release/ecomdash
for t in $tools; do
    case $t in
        duckdb) python3 -c "import duckdb" 2>/dev/null || pip install --quiet duckdb ;;
        chdb) python3 -c "import chdb" 2>/dev/null || pip install --quiet chdb ;;
    esac
done

gen() {  # rows, file, extra generate options…
    local rows=$1 file=$2
    shift 2
    [ -f "$file" ] || /usr/bin/time -f "generate $rows: %e s" "$bin" generate --rows "$rows" --out "$file" "$@"
}
gen 1000000 bench-data/events-1000000.csv
gen 7000000 bench-data/events-7000000.csv
gen 42448764 bench-data/events-42448764.csv
gen 67501979 bench-data/events-nov-67501979.csv --start 2019-11-01 --days 30 --seed 2
[ -f bench-data/events-7000000.csv.gz ] || gzip -6 -c bench-data/events-7000000.csv >bench-data/events-7000000.csv.gz
[ -f bench-data/events-7000000.zip ] || (cd bench-data && zip -q -6 events-7000000.zip events-7000000.csv)

measure() {  # label, rows, tool, output, command…
    local label=$1 rows=$2 tool=$3 result=$4
    shift 4
    for f in "${@:2}"; do case $f in bench-data/*) cat "$f" >/dev/null ;; esac; done  # warm
    ECOMDASH_TRACE=1 /usr/bin/time -f "%e %M" -o /tmp/ecomdash-scale-time "$@" >"$result" 2>/tmp/ecomdash-scale-err \
        || { cat /tmp/ecomdash-scale-err >&2; return 1; }
    local phases
    phases=$( (grep -o 'trace: [a-z]* [0-9.]* s' /tmp/ecomdash-scale-err || true) | awk '{printf "%s=%s ", $2, $3}')
    echo "$label $rows $tool $(cat /tmp/ecomdash-scale-time) $phases" | tee -a "$out"
}

has() { [[ " $tools " == *" $1 "* ]]; }

for size in 1000000 7000000 42448764; do
    file=bench-data/events-$size.csv
    n=$runs
    [ "$size" -gt 10000000 ] && n=2
    for _ in $(seq "$n"); do
        has ecomdash && measure plain "$size" ecomdash /tmp/scale-ecomdash-$size.json "$bin" report "$file" --format json
        if [ "$size" -ge 7000000 ]; then
            has duckdb && measure plain "$size" duckdb /tmp/scale-duckdb-$size.json \
                python3 tools/duckdb_report.py "$file" --threads 2
            has chdb && measure plain "$size" chdb /tmp/scale-chdb-$size.json \
                python3 tools/chdb_report.py "$file" --threads 2
        fi
    done
    for t in duckdb chdb; do
        if has ecomdash && has $t && [ -f /tmp/scale-$t-$size.json ]; then
            echo "compare $size ecomdash vs $t: $(python3 tools/compare_reports.py /tmp/scale-ecomdash-$size.json /tmp/scale-$t-$size.json | tail -1)"
        fi
    done
done
if has ecomdash; then
    for _ in $(seq "$runs"); do
        measure gz 7000000 ecomdash /tmp/scale-gz.json "$bin" report bench-data/events-7000000.csv.gz --format json
        measure zip 7000000 ecomdash /tmp/scale-zip.json "$bin" report bench-data/events-7000000.zip --format json
    done
    both=$((42448764 + 67501979))
    measure both "$both" ecomdash /tmp/scale-both.json \
        "$bin" report bench-data/events-42448764.csv bench-data/events-nov-67501979.csv --format json
fi

python3 - "$out" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    label, n, tool, wall, kb = f[0], int(f[1]), f[2], float(f[3]), int(f[4])
    phases = dict(p.split("=") for p in f[5:])
    rows.setdefault((label, n, tool), []).append((wall, kb, phases))
print("| input | rows | tool | median wall (s) | runs (s) | ns/row | peak RSS (MB) | bytes/row | ingest (s) | insights (s) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (label, n, tool), r in rows.items():
    wall = statistics.median(w for w, _, _ in r)
    rss = max(k for _, k, _ in r) * 1024
    ph = lambda k: statistics.median(float(p[k]) for _, _, p in r) if all(k in p for _, _, p in r) else None
    fmt = lambda v: f"{v:.2f}" if v is not None else "–"
    print(f"| {label} | {n:,} | {tool} | {wall:.2f} | {', '.join(f'{w:.2f}' for w, _, _ in r)} | "
          f"{wall / n * 1e9:.0f} | {rss / 1e6:,.0f} | {rss / n:.1f} | {fmt(ph('ingest'))} | {fmt(ph('insights'))} |")
PY
