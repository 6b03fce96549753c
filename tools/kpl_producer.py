#!/usr/bin/env python3
"""Puts CSV rows into a Kinesis stream as the Kinesis Producer Library aggregates them: N user
records (the tutorial's JSON) in one Kinesis record — magic F3 89 9A C2, a protobuf
AggregatedRecord, the MD5 of the protobuf (awslabs/amazon-kinesis-producer aggregation-format.md).
Written apart from ecomdash (the protobuf is encoded by hand here) to check its de-aggregation.

    python3 tools/kpl_producer.py CSV STREAM [--per-record N] [--damage-one]

--damage-one also sends one aggregate whose MD5 does not match, which a reader must reject.
"""
import argparse
import csv
import datetime
import hashlib
import json

import boto3

MAGIC = bytes([0xF3, 0x89, 0x9A, 0xC2])


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(number, wire, payload):
    key = varint(number << 3 | wire)
    return key + (varint(len(payload)) + payload if wire == 2 else varint(payload))


def aggregate(rows):
    keys = sorted({r["user_id"] for r in rows})
    body = b"".join(field(1, 2, k.encode()) for k in keys)
    for r in rows:
        data = json.dumps(r, indent=4).encode()
        record = field(1, 0, keys.index(r["user_id"])) + field(3, 2, data)
        body += field(3, 2, record)
    return MAGIC + body + hashlib.md5(body).digest(), keys[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("stream")
    ap.add_argument("--per-record", type=int, default=100)
    ap.add_argument("--damage-one", action="store_true")
    a = ap.parse_args()
    kinesis = boto3.client("kinesis")
    rows = []
    for row in csv.DictReader(open(a.csv, newline="")):
        row["txn_timestamp"] = datetime.datetime.now().isoformat()
        rows.append(row)
    sent = 0
    for i in range(0, len(rows), a.per_record):
        data, key = aggregate(rows[i:i + a.per_record])
        kinesis.put_record(StreamName=a.stream, Data=data, PartitionKey=key)
        sent += 1
    if a.damage_one:
        data, key = aggregate(rows[:3])
        kinesis.put_record(StreamName=a.stream, Data=data[:-1] + bytes([data[-1] ^ 1]), PartitionKey=key)
    print(f"sent {len(rows)} user records in {sent} aggregates to {a.stream}")


if __name__ == "__main__":
    main()
