import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// What moto does not do as AWS does — throttle, page ListShards, reshard without moving records —
/// tested against `tools/kinesis_fake.py`, a small server that does it as AWS documents.
@Suite("Kinesis limits, paging and resharding (fake of our own)", .serialized)
struct KinesisFakeCLITests {
    final class Fake {
        let process = Process()
        let port: Int

        init(_ options: [String] = []) throws {
            port = Int(
                try ParquetExportCLITests.python([
                    "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
                ]).output.trimmingCharacters(in: .whitespacesAndNewlines))!
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", ParquetExportCLITests.tools + "/kinesis_fake.py", String(port)] + options
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        var environment: [String: String] {
            var env = ProcessInfo.processInfo.environment
            env["AWS_ACCESS_KEY_ID"] = "AKIDFAKE"
            env["AWS_SECRET_ACCESS_KEY"] = "fake"
            env["AWS_REGION"] = "us-east-1"
            env["AWS_DEFAULT_REGION"] = "us-east-1"
            env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:\(port)"
            return env
        }

        /// Runs boto3 `script` against the fake (`k` is its Kinesis client), retrying while it starts.
        func boto(_ script: String) throws -> String {
            let r = try KinesisCLITests.run(
                [
                    "python3", "-c",
                    "import boto3, json, sys, time\nk = boto3.client('kinesis')\nfor _ in range(100):\n"
                        + "    try:\n        k.list_shards(StreamName='-'); break\n    except k.exceptions.ResourceNotFoundException:\n        break\n"
                        + "    except Exception:\n        time.sleep(0.1)\n" + script,
                ], environment: environment)
            #expect(r.0 == 0, "boto3 failed: \(r.2)")
            return r.1
        }

        /// What the fake refused and how often it was listed.
        func stats() throws -> [String: Int] {
            let text = try boto(
                """
                import urllib.request
                q = urllib.request.Request('http://127.0.0.1:\(port)/', data=b'{}', headers={'X-Amz-Target': 'Kinesis_20131202.Stats'})
                print(urllib.request.urlopen(q).read().decode())
                """)
            return (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Int]) ?? [:]
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static var ready: Bool { KinesisCLITests.motoReady }

    static func reportsAgree(_ fake: Fake, stream: String, file: String, rows: Int) throws {
        let fromStream = try KinesisCLITests.run(
            [Binary.url.path, "report", "--stream", "kinesis://\(stream)", "--format", "json"],
            environment: fake.environment)
        #expect(fromStream.0 == 0, "\(fromStream.2)")
        #expect(try StreamCLITests.rows(fromStream.1) == rows)
        let fromFile = try Binary.run(["report", file, "--format", "json"])
        #expect(try StreamCLITests.sections(fromStream.1) == (try StreamCLITests.sections(fromFile.stdout)))
    }

    @Test(
        "writes and reads throttled, ListShards paged two at a time: replay --max and report --stream still read back exactly once",
        .enabled(if: ready, "python3 with boto3 (.ci/run installs it)"))
    func throttledAndPaged() throws {
        let fake = try Fake(["--shard-records", "300", "--page-size", "2", "--throttle-reads-every", "4"])
        let dir = try Scratch()
        let file = dir.path("events.csv")
        #expect(try Binary.run(["generate", "--rows", "6000", "--seed", "4", "--out", file]).status == 0)
        _ = try fake.boto("k.create_stream(StreamName='shop', ShardCount=5)")
        let replay = try KinesisCLITests.run(
            [Binary.url.path, "replay", file, "--stream", "kinesis://shop", "--max"], environment: fake.environment)
        #expect(replay.0 == 0, "\(replay.2)")
        #expect(replay.2.contains("sent 6000 records") && replay.2.contains("sent again"), "\(replay.2)")
        try Self.reportsAgree(fake, stream: "shop", file: file, rows: 6000)
        let stats = try fake.stats()
        #expect((stats["put_throttled"] ?? 0) > 0, "the fake never throttled a write: \(stats)")
        #expect((stats["read_throttled"] ?? 0) > 0, "the fake never throttled a read: \(stats)")
        #expect((stats["list_pages"] ?? 0) >= 6, "ListShards was not paged (3 pages a listing): \(stats)")
    }

    @Test(
        "told a shard's limit, a replay --max keeps under it: nothing throttled, and the time the limit implies",
        .enabled(if: ready, "python3 with boto3 (.ci/run installs it)"))
    func keepsUnderLimits() throws {
        let fake = try Fake(["--shard-records", "1000"])
        let dir = try Scratch()
        let file = dir.path("events.csv")
        #expect(try Binary.run(["generate", "--rows", "5000", "--seed", "6", "--out", file]).status == 0)
        _ = try fake.boto("k.create_stream(StreamName='shop', ShardCount=2)")
        let started = Date()
        let replay = try KinesisCLITests.run(
            [Binary.url.path, "replay", file, "--stream", "kinesis://shop", "--max", "--shard-records", "800"],
            environment: fake.environment)
        let elapsed = Date().timeIntervalSince(started)
        #expect(replay.0 == 0, "\(replay.2)")
        #expect(!replay.2.contains("sent again"), "\(replay.2)")
        #expect((try fake.stats())["put_throttled"] == 0)
        // 2,500 records a shard at 800 a second: at least 2 seconds after the first call.
        #expect(elapsed > 2, "5,000 records into 2 shards at 800/s/shard took \(elapsed) s")
        try Self.reportsAgree(fake, stream: "shop", file: file, rows: 5000)
    }

    @Test(
        "a shard split during a replay, as AWS splits (the parent keeps its records): parents are read before children, nothing lost or doubled",
        .enabled(if: ready, "python3 with boto3 (.ci/run installs it)"))
    func splitAsAWSDoes() throws {
        let fake = try Fake()
        let dir = try Scratch()
        let file = dir.path("events.csv")
        #expect(try Binary.run(["generate", "--rows", "9000", "--seed", "8", "--out", file]).status == 0)
        _ = try fake.boto("k.create_stream(StreamName='shop', ShardCount=3)")
        let replay = Process()
        replay.executableURL = Binary.url
        replay.arguments = ["replay", file, "--stream", "kinesis://shop", "--max"]
        replay.environment = fake.environment
        replay.standardError = FileHandle.nullDevice
        try replay.run()
        Thread.sleep(forTimeInterval: 1.2)
        let counts = try fake.boto(
            """
            s = k.list_shards(StreamName='shop')['Shards'][0]
            lo, hi = int(s['HashKeyRange']['StartingHashKey']), int(s['HashKeyRange']['EndingHashKey'])
            k.split_shard(StreamName='shop', ShardToSplit=s['ShardId'], NewStartingHashKey=str((lo + hi) // 2))
            time.sleep(2)
            shards = k.list_shards(StreamName='shop')['Shards']
            n = []
            for s in shards:
                it = k.get_shard_iterator(StreamName='shop', ShardId=s['ShardId'], ShardIteratorType='TRIM_HORIZON')['ShardIterator']
                n.append(len(k.get_records(ShardIterator=it, Limit=10000)['Records']))
            print(json.dumps(n))
            """)
        replay.waitUntilExit()
        #expect(replay.terminationStatus == 0)
        let perShard = (try JSONSerialization.jsonObject(with: Data(counts.utf8)) as? [Int]) ?? []
        #expect(perShard.count == 5 && perShard[0] > 0 && perShard[3] > 0 && perShard[4] > 0, "\(perShard)")
        try Self.reportsAgree(fake, stream: "shop", file: file, rows: 9000)
    }
}
