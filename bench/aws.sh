#!/usr/bin/env bash
# The AWS benchmark, against a local moto server (no account needed): `report` on a CSV read
# locally and from S3 (ranged GETs), and a replay into Kinesis then `report --stream kinesis://`.
#
#   bench/aws.sh [ROWS]        (default 7,000,000 rows for S3; KINESIS_ROWS=200000 for Kinesis)
#
# moto is a Python process: it reads the whole object for every ranged GET (~0.9 s for a 0.9 GB
# object whatever the range) and handles one Kinesis call at a time, so these figures bound
# ecomdash's S3 and Kinesis paths from below; against AWS the costs are S3's first-byte latency and
# bandwidth, and each shard's write and read limits.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-7000000}
krows=${KINESIS_ROWS:-200000}
swift build -c release --product ecomdash >/dev/null
bin=$(realpath .build/release/ecomdash)
csv=bench-data/events-$rows.csv
[ -f "$csv" ] || "$bin" generate --rows "$rows" --out "$csv"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m moto.server -H 127.0.0.1 -p "$port" >/dev/null 2>&1 &
moto=$!
trap 'kill $moto' EXIT
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_ENDPOINT_URL=http://127.0.0.1:$port
python3 - "$csv" <<'PY'
import sys, time, boto3
from botocore.config import Config
for _ in range(100):
    try:
        s3 = boto3.client("s3", config=Config(request_checksum_calculation="when_required"))
        s3.create_bucket(Bucket="bench"); break
    except Exception:
        time.sleep(0.1)
s3.upload_file(sys.argv[1], "bench", "oct/events.csv")
PY
cat "$csv" >/dev/null
echo "== S3: $(stat -c %s "$csv") bytes, $rows rows"
/usr/bin/time -f "report local: %e s, %M KB" "$bin" report "$csv" --format json >bench-data/aws-local.json
/usr/bin/time -f "report s3://: %e s, %M KB" "$bin" report s3://bench/oct/ --format json >bench-data/aws-s3.json
curl -s -o /dev/null -r 0-8388607 -w "moto, one 8 MiB ranged GET: %{time_total} s\n" "$AWS_ENDPOINT_URL/bench/oct/events.csv"
echo "== Kinesis: $krows rows into 4 shards"
kcsv=bench-data/events-$krows.csv
[ -f "$kcsv" ] || "$bin" generate --rows "$krows" --out "$kcsv"
python3 -c "
import boto3; k = boto3.client('kinesis'); k.create_stream(StreamName='bench', ShardCount=4)
k.get_waiter('stream_exists').wait(StreamName='bench', WaiterConfig={'Delay': 0.2})"
/usr/bin/time -f "replay --max (1,000 records/s a shard): %e s" "$bin" replay "$kcsv" --stream kinesis://bench --max
/usr/bin/time -f "report --stream kinesis://: %e s, %M KB" "$bin" report --stream kinesis://bench --format json >bench-data/aws-kinesis.json
"$bin" report "$kcsv" --format json >bench-data/aws-kinesis-file.json
python3 - <<'PY'
import json
def same(a, b):
    a, b = json.load(open(a)), json.load(open(b))
    return [k for k in a if k != "source" and a[k] != b[k]]
print("s3 report equals the local one" if not same("bench-data/aws-local.json", "bench-data/aws-s3.json") else "S3 DIFFERS")
print("kinesis report equals the file's" if not same("bench-data/aws-kinesis-file.json", "bench-data/aws-kinesis.json") else "KINESIS DIFFERS")
PY
