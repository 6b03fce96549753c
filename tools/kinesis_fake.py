#!/usr/bin/env python3
"""A small Kinesis Data Streams server that behaves as AWS documents where moto does not: it
throttles, pages ListShards, and reshards without moving records. ecomdash's tests use it for
exactly those behaviours; everything else is tested against moto.

    python3 tools/kinesis_fake.py PORT [--shard-records N] [--shard-bytes N] [--page-size N]
                                       [--throttle-reads-every N]

- PutRecords: a record goes to the open shard whose hash-key range holds the MD5 of its partition
  key. A shard takes at most --shard-records records and --shard-bytes bytes in each second (AWS:
  1,000 and 1 MiB); entries beyond are failed with ProvisionedThroughputExceededException, the
  others are stored.
- GetRecords: at most 5 calls a second a shard (AWS' limit), and with --throttle-reads-every N every
  Nth call is refused as well; a closed shard read to its end gives no NextShardIterator.
- ListShards: --page-size shards a page with a NextToken; a call that names both a stream and a
  NextToken is refused, as AWS refuses it.
- SplitShard: the parent closes where it is; its records stay in it; new records go to the children.
- Stats (not an AWS operation): what was throttled, for the tests' checks.
No signature is checked: the tests check SigV4 against moto and AWS's published test suite.
"""
import base64
import hashlib
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_HASH = 2**128 - 1


class Shard:
    def __init__(self, number, low, high, parent=None):
        self.id = "shardId-%012d" % number
        self.low, self.high, self.parent = low, high, parent
        self.records = []  # (sequence, partition key, data bytes, arrival seconds)
        self.closed = False
        self.window = (0, 0, 0)  # (second, records, bytes) written in that second
        self.reads = []  # times of recent GetRecords calls

    def describe(self):
        d = {
            "ShardId": self.id,
            "HashKeyRange": {"StartingHashKey": str(self.low), "EndingHashKey": str(self.high)},
            "SequenceNumberRange": {"StartingSequenceNumber": "%056d" % (self.records[0][0] if self.records else 0)},
        }
        if self.parent:
            d["ParentShardId"] = self.parent
        if self.closed:
            d["SequenceNumberRange"]["EndingSequenceNumber"] = "%056d" % (10**55)
        return d


class Fake:
    def __init__(self, args):
        self.lock = threading.Lock()
        self.streams = {}
        self.sequence = 10**20
        self.shard_records = args.get("shard-records", 1000)
        self.shard_bytes = args.get("shard-bytes", 1 << 20)
        self.page_size = args.get("page-size", 1000)
        self.throttle_every = args.get("throttle-reads-every", 0)
        self.reads = 0
        self.stats = {"put_throttled": 0, "read_throttled": 0, "list_pages": 0, "put_calls": 0}

    def error(self, kind, message):
        raise FakeError(kind, message)

    def stream(self, body):
        name = body.get("StreamName") or (body.get("StreamARN") or "").split("/")[-1]
        if name not in self.streams:
            self.error("ResourceNotFoundException", "Stream %s not found" % name)
        return name, self.streams[name]

    def CreateStream(self, body):
        n = body["ShardCount"]
        step = (MAX_HASH + 1) // n
        shards = [Shard(i, i * step, MAX_HASH if i == n - 1 else (i + 1) * step - 1) for i in range(n)]
        self.streams[body["StreamName"]] = shards
        return {}

    def DescribeStreamSummary(self, body):
        name, shards = self.stream(body)
        return {"StreamDescriptionSummary": {"StreamName": name, "StreamStatus": "ACTIVE",
                                             "OpenShardCount": sum(not s.closed for s in shards)}}

    def ListShards(self, body):
        if "NextToken" in body:
            if "StreamName" in body:
                self.error("InvalidArgumentException", "NextToken and StreamName cannot be provided together.")
            name, start = body["NextToken"].rsplit(":", 1)
            start = int(start)
            shards = self.streams[name]
        else:
            name, shards = self.stream(body)
            start = 0
        self.stats["list_pages"] += 1
        page = shards[start:start + self.page_size]
        out = {"Shards": [s.describe() for s in page]}
        if start + self.page_size < len(shards):
            out["NextToken"] = "%s:%d" % (name, start + self.page_size)
        return out

    def route(self, shards, key):
        h = int.from_bytes(hashlib.md5(key.encode()).digest(), "big")
        return next(s for s in shards if not s.closed and s.low <= h <= s.high)

    def PutRecords(self, body):
        _, shards = self.stream(body)
        self.stats["put_calls"] += 1
        now = time.time()
        second = int(now)
        out, failed = [], 0
        for r in body["Records"]:
            data = base64.b64decode(r["Data"])
            s = self.route(shards, r["PartitionKey"])
            sec, n, b = s.window
            if sec != second:
                sec, n, b = second, 0, 0
            if n + 1 > self.shard_records or b + len(data) > self.shard_bytes:
                failed += 1
                self.stats["put_throttled"] += 1
                out.append({"ErrorCode": "ProvisionedThroughputExceededException",
                            "ErrorMessage": "Rate exceeded for shard %s" % s.id})
                s.window = (sec, n, b)
                continue
            s.window = (sec, n + 1, b + len(data))
            self.sequence += 1
            s.records.append((self.sequence, r["PartitionKey"], data, now))
            out.append({"SequenceNumber": "%056d" % self.sequence, "ShardId": s.id})
        return {"FailedRecordCount": failed, "Records": out}

    def SplitShard(self, body):
        _, shards = self.stream(body)
        parent = next(s for s in shards if s.id == body["ShardToSplit"])
        middle = int(body["NewStartingHashKey"])
        parent.closed = True
        number = len(shards)
        shards.append(Shard(number, parent.low, middle - 1, parent.id))
        shards.append(Shard(number + 1, middle, parent.high, parent.id))
        return {}

    def GetShardIterator(self, body):
        name, shards = self.stream(body)
        s = next((s for s in shards if s.id == body["ShardId"]), None)
        if s is None:
            self.error("ResourceNotFoundException", "Shard %s not found" % body["ShardId"])
        kind = body["ShardIteratorType"]
        if kind == "TRIM_HORIZON":
            position = 0
        elif kind == "LATEST":
            position = len(s.records)
        else:
            seq = int(body["StartingSequenceNumber"])
            after = kind == "AFTER_SEQUENCE_NUMBER"
            position = next((i for i, r in enumerate(s.records) if r[0] > seq or (not after and r[0] == seq)),
                            len(s.records))
        return {"ShardIterator": "%s|%s|%d" % (name, s.id, position)}

    def GetRecords(self, body):
        name, shard_id, position = body["ShardIterator"].split("|")
        s = next(x for x in self.streams[name] if x.id == shard_id)
        now = time.time()
        s.reads = [t for t in s.reads if now - t < 1] + [now]
        self.reads += 1
        if len(s.reads) > 5 or (self.throttle_every and self.reads % self.throttle_every == 0):
            self.stats["read_throttled"] += 1
            self.error("ProvisionedThroughputExceededException", "Rate exceeded for shard %s" % s.id)
        position = int(position)
        limit = body.get("Limit", 10000)
        batch = s.records[position:position + limit]
        end = position + len(batch)
        out = {
            "Records": [{"SequenceNumber": "%056d" % r[0], "PartitionKey": r[1],
                         "Data": base64.b64encode(r[2]).decode(), "ApproximateArrivalTimestamp": r[3]}
                        for r in batch],
            "MillisBehindLatest": 0 if end >= len(s.records) else 1000,
        }
        if not (s.closed and end >= len(s.records)):
            out["NextShardIterator"] = "%s|%s|%d" % (name, s.id, end)
        else:
            out["ChildShards"] = [{"ShardId": c.id} for c in self.streams[name] if c.parent == s.id]
        return out

    def Stats(self, body):
        return dict(self.stats)


class FakeError(Exception):
    def __init__(self, kind, message):
        self.kind, self.message = kind, message


def main():
    port = int(sys.argv[1])
    args = {}
    rest = sys.argv[2:]
    for i in range(0, len(rest), 2):
        args[rest[i].lstrip("-")] = int(rest[i + 1])
    fake = Fake(args)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            operation = self.headers.get("X-Amz-Target", "").split(".")[-1]
            try:
                with fake.lock:
                    handler = getattr(fake, operation, None)
                    if handler is None:
                        raise FakeError("UnknownOperationException", operation)
                    status, answer = 200, handler(body)
            except FakeError as e:
                status, answer = 400, {"__type": e.kind, "message": e.message}
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *a):
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if __name__ == "__main__":
    main()
