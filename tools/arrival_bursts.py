#!/usr/bin/env python3
"""Burst alerts on arrival time, counted straight from a shard log's files: an independent oracle
for `ecomdash report --stream DIR --window-time arrival`.

    python3 tools/arrival_bursts.py DIR [--window 10] [--alert-over 10]

Reads every segment of every shard as docs/shard-log.md lays them out (28-byte headers, JSON
payloads), takes each record's arrival stamp (milliseconds) and user_id, and counts events per user
in tumbling windows of arrival seconds. Prints a JSON list of {user_id, window_start, count} for
the windows with more than --alert-over events, in (window_start, user_id) order. Shares no code
with ecomdash.
"""
import argparse
import glob
import json
import os
import struct
from collections import Counter


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("stream")
    ap.add_argument("--window", type=int, default=10)
    ap.add_argument("--alert-over", type=int, default=10)
    a = ap.parse_args()
    counts = Counter()
    for shard in sorted(glob.glob(os.path.join(a.stream, "shard-*"))):
        for segment in sorted(glob.glob(os.path.join(shard, "*.seg"))):
            data = open(segment, "rb").read()
            i = 0
            while i + 28 <= len(data):
                magic, length, _seq, arrival_ms = struct.unpack_from("<IIQQ", data, i)
                if magic != 0x45444345 or i + 28 + length > len(data):
                    break
                record = json.loads(data[i + 28:i + 28 + length])
                second = arrival_ms // 1000
                counts[(int(record["user_id"]), second - second % a.window)] += 1
                i += 28 + length
    alerts = [{"user_id": u, "window_start": w, "count": n}
              for (u, w), n in counts.items() if n > a.alert_over]
    print(json.dumps(sorted(alerts, key=lambda x: (x["window_start"], x["user_id"]))))


if __name__ == "__main__":
    main()
