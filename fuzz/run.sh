#!/usr/bin/env bash
# Coverage-guided fuzzing of ecomdash's parsers with libFuzzer and AddressSanitizer.
#
#   fuzz/run.sh [SECONDS] [TARGET…]     (default: 60 s each; targets csv gzip zip frames record toml parquet)
#
# Builds one binary from the Engine sources, the dashboard's TOML reader and fuzz/Targets.swift with
# `swiftc -sanitize=fuzzer,address`, then runs each target for SECONDS from a seed corpus made of
# real rows (Tests/Data), gzip and zip files of them, shard-log frames, stream records and the themes. Corpora
# grow under fuzz/corpus/TARGET (not committed); crashes land in fuzz/crashes/ and fail the run.
# Prints one line a target: executions, executions a second, corpus size, coverage.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=${*:-csv gzip zip frames record toml parquet}
out=.build-fuzz
toml=Sources/Dashboard/Theme/TOMLTable.swift  # self-contained: the only dashboard file fuzzed
mkdir -p "$out" fuzz/crashes

if [ ! -x "$out/fuzz" ] || [ -n "$(find Sources/Engine "$toml" fuzz/Targets.swift -newer "$out/fuzz" -name '*.swift' | head -1)" ]; then
    mapfile -t sources < <(find Sources/Engine -name '*.swift' | sort)
    swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name Engine -package-name ecomdash \
        -Xcc -fmodule-map-file=Sources/CZlib/module.modulemap \
        -Xcc -fmodule-map-file=Sources/CIsal/module.modulemap \
        -Xcc -fmodule-map-file=Sources/CSupport/module.modulemap \
        -Xcc -fmodule-map-file=Sources/CSnappy/module.modulemap \
        -Xcc -fmodule-map-file=Sources/CZstd/module.modulemap \
        -I Sources/CZlib -I Sources/CIsal -I Sources/CSupport -I Sources/CSnappy -I Sources/CZstd \
        "${sources[@]}" "$toml" fuzz/Targets.swift -lz -lisal -lsnappy -lzstd -o "$out/fuzz" 2>&1 | grep -v "Cannot export local symbol" || true
    [ -x "$out/fuzz" ] || { echo "fuzz/run.sh: the fuzz binary did not build" >&2; exit 1; }
fi

seed() {  # target → seed corpus directory
    local dir=fuzz/corpus/$1
    mkdir -p "$dir"
    [ -n "$(ls -A "$dir")" ] && { echo "$dir"; return; }
    local rows=Tests/Data/2019-Oct-head-1000.csv
    case $1 in
        csv) tail -n +2 "$rows" | split -l 20 - "$dir/rows-" ;;
        gzip) head -50 "$rows" | gzip -c >"$dir/a.gz"; (head -5 "$rows" | gzip -c; head -3 "$rows" | gzip -c) >"$dir/two.gz" ;;
        zip) head -30 "$rows" >/tmp/ecomdash-seed.csv && (cd /tmp && zip -q - ecomdash-seed.csv) >"$dir/a.zip" \
            && (cd /tmp && zip -q -0 - ecomdash-seed.csv) >"$dir/stored.zip" ;;
        frames) local s=/tmp/ecomdash-seed-stream && rm -rf "$s" && .build/debug/ecomdash stream create "$s" --shards 1 >/dev/null \
            && head -20 "$rows" >/tmp/ecomdash-seed.csv && .build/debug/ecomdash replay /tmp/ecomdash-seed.csv --stream "$s" --max >/dev/null \
            && cp "$s"/shard-0000/*.seg "$dir/" ;;
        record) printf '{\n    "event_time": "2019-10-01 00:00:00 UTC",\n    "event_type": "view",\n    "product_id": "44600062",\n    "category_id": "2103807459595387724",\n    "category_code": "",\n    "brand": "shiseido",\n    "price": "35.79",\n    "user_id": "541312140",\n    "user_session": "72d76fde-8bb3-4e00-8c23-a032dfed738c",\n    "txn_timestamp": "2026-12-02T05:00:00.123456"\n}' >"$dir/tutorial.json"
            sed -n 2p "$rows" >"$dir/row.csv" ;;
        parquet) head -40 "$rows" >/tmp/ecomdash-seed.csv && for c in snappy zstd none; do
                rm -rf /tmp/ecomdash-seed-pq && .build/debug/ecomdash export /tmp/ecomdash-seed.csv --parquet /tmp/ecomdash-seed-pq \
                    --compression $c --row-group-rows 16 >/dev/null 2>&1 && cp /tmp/ecomdash-seed-pq/*/*/part-00000.parquet "$dir/ecomdash-$c.parquet"
            done
            python3 -c "import sys, pyarrow.csv as c, pyarrow.parquet as q; t = c.read_csv(sys.argv[1]); q.write_table(t, sys.argv[2] + '/pa.parquet', row_group_size=16); q.write_table(t, sys.argv[2] + '/pa-v2.parquet', data_page_version='2.0', compression='gzip', use_dictionary=False)" \
                /tmp/ecomdash-seed.csv "$dir" 2>/dev/null || true ;;
        toml) cp themes/*.toml "$dir/" && printf '[thresholds]\nmin_views = 7\n[keys]\nquit = "x"\ntheme = "nord"\nrefresh_hz = 10\n' >"$dir/config.toml" ;;
    esac
    echo "$dir"
}

status=0
for t in $targets; do
    dir=$(seed "$t")
    log=$out/$t.log
    if FUZZ_TARGET=$t "$out/fuzz" "$dir" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="fuzz/crashes/$t-" -print_final_stats=1 >"$log" 2>&1; then
        result=ok
    else
        result=FAILED
        status=1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    echo "$t: $result, $runs executions in $seconds s ($rate/s), corpus $(ls "$dir" | wc -l) inputs, $cov"
    [ "$result" = ok ] || tail -30 "$log"
done
exit $status
