#!/usr/bin/env bash
# The live-pipeline benchmark: replay --max → shard log → consumer → engine, both at once.
#
#   bench/pipeline.sh [ROWS] [RUNS] [STREAM_PARENT]   (defaults: 7000000 rows, 3 runs, bench-data)
#
# Each run creates a 4-shard stream, starts `ecomdash stream consume` on it, replays the generated
# file with --max, and prints the consumer's records/s (first record to last) and its
# append-to-visible latency percentiles, with the producer's and consumer's CPU times.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-7000000}
runs=${2:-3}
parent=${3:-bench-data}
data="bench-data/events-${rows}.csv"
mkdir -p bench-data "$parent"
swift build -c release --product ecomdash >/dev/null
bin=.build/release/ecomdash
[ -f "$data" ] || "$bin" generate --rows "$rows" --out "$data"
cat "$data" >/dev/null
for run in $(seq "$runs"); do
    s="$parent/bench-stream"
    rm -rf "$s"
    "$bin" stream create "$s" --shards 4 >/dev/null
    /usr/bin/time -f "consumer CPU: %U s user, %S s system" -o /tmp/ecomdash-consumer-time \
        "$bin" stream consume "$s" --until "$rows" >/tmp/ecomdash-consume.txt &
    consumer=$!
    sleep 0.3
    /usr/bin/time -f "producer CPU: %U s user, %S s system" "$bin" replay "$data" --stream "$s" --max 2>&1 | tail -1
    wait "$consumer"
    echo "run $run: $(tr '\n' ' ' </tmp/ecomdash-consume.txt)"
    cat /tmp/ecomdash-consumer-time
    rm -rf "$s"
done
