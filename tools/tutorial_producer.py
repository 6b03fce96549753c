#!/usr/bin/env python3
"""The cloud tutorial's simulator (stream-data-app-simulation.py), as it sends rows: one put_record
per CSV row into a Kinesis stream, the row as json.dumps(row, indent=4) with the nine columns as
strings plus txn_timestamp = datetime.now().isoformat(), PartitionKey = category_id.

    python3 tools/tutorial_producer.py CSV STREAM [--rate N] [--create SHARDS]

Credentials, region and endpoint come from the environment as for the AWS CLI (AWS_ENDPOINT_URL
for a local moto server). --rate 0 (the default here) sends as fast as it can; the tutorial sleeps
between rows. --create makes the stream first and waits until it is active.
"""
import argparse
import csv
import datetime
import json
import time

import boto3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("stream")
    ap.add_argument("--rate", type=float, default=0)
    ap.add_argument("--create", type=int, default=0)
    a = ap.parse_args()
    kinesis = boto3.client("kinesis")
    if a.create:
        kinesis.create_stream(StreamName=a.stream, ShardCount=a.create)
        kinesis.get_waiter("stream_exists").wait(StreamName=a.stream, WaiterConfig={"Delay": 0.2})
    sent = 0
    with open(a.csv, newline="") as f:
        for row in csv.DictReader(f):
            row["txn_timestamp"] = datetime.datetime.now().isoformat()
            kinesis.put_record(StreamName=a.stream, Data=json.dumps(row, indent=4), PartitionKey=row["category_id"])
            sent += 1
            if a.rate:
                time.sleep(1 / a.rate)
    print(f"sent {sent} records to {a.stream}")


if __name__ == "__main__":
    main()
