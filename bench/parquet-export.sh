#!/usr/bin/env bash
# Parquet export beside DuckDB's own COPY … TO (FORMAT parquet) of the same CSV: wall time, peak
# RSS and bytes on disk, per codec, in one run.
#
#   bench/parquet-export.sh [CSV]      (default bench-data/events-7000000.csv, generated if missing)
#
# DuckDB reads the CSV with the same column types ecomdash writes (TIMESTAMP, BIGINT, DECIMAL(10,2),
# VARCHAR) on 2 threads. Every ecomdash export is checked value by value against the CSV with
# pyarrow (tools/check_parquet_export.py) when the file has at most 10 M rows.
set -euo pipefail
cd "$(dirname "$0")/.."
csv=${1:-bench-data/events-7000000.csv}
swift build -c release --product ecomdash >/dev/null
bin=.build/release/ecomdash
[ -f "$csv" ] || { mkdir -p "$(dirname "$csv")"; "$bin" generate --rows 7000000 --out "$csv"; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ecomdash-parquet.XXXXXX")
trap 'rm -rf "$work"' EXIT
rows=$(($(wc -l <"$csv") - 1))
echo "file: $csv ($rows rows, $(du -m "$csv" | cut -f1) MB); $(nproc) cores"
for codec in snappy zstd; do
    /usr/bin/time -f "%e %M" -o "$work/t" "$bin" export "$csv" --parquet "$work/e-$codec" --compression "$codec" \
        >/dev/null 2>"$work/log"
    read -r wall rss <"$work/t"
    size=$(du -sb "$work/e-$codec" | cut -f1)
    printf 'ecomdash export  %-6s %7.1f s  %6.0f MB RSS  %7.1f MB on disk\n' "$codec" "$wall" "$((rss / 1024))" \
        "$(echo "$size / 1000000" | bc -l)"
    duck_codec=$codec
    /usr/bin/time -f "%e %M" -o "$work/t" python3 - "$csv" "$work/d-$codec.parquet" "$duck_codec" <<'PY'
import sys, duckdb
csv, out, codec = sys.argv[1:4]
con = duckdb.connect()
con.execute("SET threads = 2")
con.execute(f"""COPY (SELECT * FROM read_csv('{csv}', header = true, timestampformat = '%Y-%m-%d %H:%M:%S UTC',
    columns = {{'event_time': 'TIMESTAMP', 'event_type': 'VARCHAR', 'product_id': 'BIGINT',
               'category_id': 'BIGINT', 'category_code': 'VARCHAR', 'brand': 'VARCHAR',
               'price': 'DECIMAL(10,2)', 'user_id': 'BIGINT', 'user_session': 'VARCHAR'}}))
    TO '{out}' (FORMAT parquet, COMPRESSION {codec})""")
PY
    read -r wall rss <"$work/t"
    size=$(stat -c %s "$work/d-$codec.parquet")
    printf 'duckdb COPY      %-6s %7.1f s  %6.0f MB RSS  %7.1f MB on disk\n' "$codec" "$wall" "$((rss / 1024))" \
        "$(echo "$size / 1000000" | bc -l)"
    if [ "$rows" -le 10000000 ]; then python3 tools/check_parquet_export.py "$work/e-$codec" "$csv"; fi
    rm -rf "$work/e-$codec" "$work/d-$codec.parquet"
done
