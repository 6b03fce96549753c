import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `replay FILE --stream kinesis://NAME` against moto with every signature checked: what goes in
/// comes back exactly once — across a shard split in the middle of the replay — and the
/// tutorial's record format is the tutorial simulator's, byte for byte.
@Suite("Replay into Kinesis through moto", .serialized)
struct KinesisReplayCLITests {
    /// Runs boto3 `script` (with `sys.argv[1:]` = `arguments`) against the server.
    static func boto(_ moto: KinesisCLITests.Moto, _ script: String, _ arguments: [String] = []) throws -> String {
        let r = try KinesisCLITests.run(
            ["python3", "-c", "import boto3, json, sys, time\nk = boto3.client('kinesis')\n" + script] + arguments,
            environment: moto.environment())
        #expect(r.0 == 0, "boto3 failed: \(r.2)")
        return r.1
    }

    @discardableResult
    static func create(_ moto: KinesisCLITests.Moto, _ stream: String, shards: Int) throws -> Bool {
        _ = try boto(
            moto,
            """
            k.create_stream(StreamName=sys.argv[1], ShardCount=int(sys.argv[2]))
            k.get_waiter('stream_exists').wait(StreamName=sys.argv[1], WaiterConfig={'Delay': 0.2})
            """, [stream, String(shards)])
        return true
    }

    @Test(
        "replay --max into 4 shards, one split half way, reads back exactly once: report --stream equals report FILE",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func splitDuringReplay() throws {
        let moto = try KinesisCLITests.Moto()
        let dir = try Scratch()
        let file = dir.path("events.csv")
        #expect(try Binary.run(["generate", "--rows", "12000", "--seed", "9", "--out", file]).status == 0)
        try Self.create(moto, "shop", shards: 4)
        let replay = Process()
        replay.executableURL = Binary.url
        replay.arguments = ["replay", file, "--stream", "kinesis://shop", "--max"]
        replay.environment = moto.environment()
        let log = Pipe()
        replay.standardError = log
        try replay.run()
        Thread.sleep(forTimeInterval: 1.2)
        // moto re-puts a split shard's records while it splits, racing with puts in flight (AWS
        // moves nothing): the replay is held still for the split, as no real reshard needs.
        kill(replay.processIdentifier, SIGSTOP)
        Thread.sleep(forTimeInterval: 0.5)
        let split = try Self.boto(
            moto,
            """
            s = k.list_shards(StreamName='shop')['Shards'][1]
            lo, hi = int(s['HashKeyRange']['StartingHashKey']), int(s['HashKeyRange']['EndingHashKey'])
            k.split_shard(StreamName='shop', ShardToSplit=s['ShardId'], NewStartingHashKey=str((lo + hi) // 2))
            print(len(k.list_shards(StreamName='shop')['Shards']))
            """)
        kill(replay.processIdentifier, SIGCONT)
        let said = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        replay.waitUntilExit()
        #expect(replay.terminationStatus == 0, "\(said)")
        #expect(split.trimmingCharacters(in: .whitespacesAndNewlines) == "6", "the split did not happen")
        #expect(said.contains("sent 12000 records to kinesis://shop"), "\(said)")

        let fromStream = try KinesisCLITests.run(
            [Binary.url.path, "report", "--stream", "kinesis://shop", "--format", "json"],
            environment: moto.environment())
        #expect(fromStream.0 == 0, "\(fromStream.2)")
        #expect(try StreamCLITests.rows(fromStream.1) == 12000)
        let fromFile = try Binary.run(["report", file, "--format", "json"])
        #expect(try StreamCLITests.sections(fromStream.1) == (try StreamCLITests.sections(fromFile.stdout)))
    }

    @Test(
        "--record-format tutorial sends json.dumps(row, indent=4) with a local txn_timestamp, keyed by category_id",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func tutorialRecords() throws {
        let moto = try KinesisCLITests.Moto()
        try Self.create(moto, "tutorial", shards: 2)
        let replay = try KinesisCLITests.run(
            [
                Binary.url.path, "replay", Binary.sample, "--stream", "kinesis://tutorial", "--max",
                "--record-format", "tutorial", "--partition-key", "category",
            ], environment: moto.environment())
        #expect(replay.0 == 0, "\(replay.2)")
        // Every record, read back with boto3, is what the simulator would have sent for its row.
        let check = try Self.boto(
            moto,
            """
            import csv, datetime, re
            rows = {}
            for row in csv.DictReader(open(sys.argv[1], newline='')):
                rows.setdefault((row['event_time'], row['user_id'], row['product_id'], row['event_type']), []).append(row)
            seen = bad = 0
            for s in k.list_shards(StreamName='tutorial')['Shards']:
                it = k.get_shard_iterator(StreamName='tutorial', ShardId=s['ShardId'], ShardIteratorType='TRIM_HORIZON')['ShardIterator']
                while it:
                    r = k.get_records(ShardIterator=it, Limit=10000)
                    for rec in r['Records']:
                        seen += 1
                        d = json.loads(rec['Data'])
                        row = dict(rows[(d['event_time'], d['user_id'], d['product_id'], d['event_type'])][0])
                        row['txn_timestamp'] = d['txn_timestamp']
                        when = datetime.datetime.fromisoformat(d['txn_timestamp'])
                        ok = (rec['Data'].decode() == json.dumps(row, indent=4)
                              and rec['PartitionKey'] == row['category_id']
                              and re.fullmatch(r'\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?', d['txn_timestamp'])
                              and abs((datetime.datetime.now() - when).total_seconds()) < 600)
                        if not ok:
                            bad += 1
                            if bad < 3: print('differs:', rec['Data'].decode(), rec['PartitionKey'], file=sys.stderr)
                    it = r.get('NextShardIterator') if r['Records'] else None
            print(seen, bad)
            """, [Binary.sample])
        #expect(check.trimmingCharacters(in: .whitespacesAndNewlines) == "1000 0")
    }

    @Test(
        "KPL aggregates (100 user records a Kinesis record) are de-aggregated; one whose MD5 is wrong is one reject",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func kplAggregates() throws {
        let moto = try KinesisCLITests.Moto()
        let dir = try Scratch()
        try Self.create(moto, "kpl", shards: 2)
        let produced = try KinesisCLITests.run(
            ["python3", ParquetExportCLITests.tools + "/kpl_producer.py", Binary.sample, "kpl", "--damage-one"],
            environment: moto.environment())
        #expect(produced.0 == 0 && produced.1.contains("in 10 aggregates"), "\(produced.2)")
        let rejects = dir.path("rejects.csv")
        let report = try KinesisCLITests.run(
            [Binary.url.path, "report", "--stream", "kinesis://kpl", "--format", "json", "--rejects", rejects],
            environment: moto.environment())
        #expect(report.0 == 0, "\(report.2)")
        #expect(try StreamCLITests.rows(report.1) == 1000)
        #expect(report.2.contains("1 row(s) rejected") && report.2.contains("MD5 does not match"), "\(report.2)")
        let fromFile = try Binary.run(["report", Binary.sample, "--format", "json"])
        #expect(try StreamCLITests.sections(report.1) == (try StreamCLITests.sections(fromFile.stdout)))
    }

    @Test(
        "--alerts-kinesis puts each alert into a second stream as the tutorial's Flink job writes it, one record an alert",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func alertsIntoKinesis() throws {
        let moto = try KinesisCLITests.Moto()
        let dir = try Scratch()
        let file = dir.path("events.csv")
        #expect(
            try Binary.run(["generate", "--rows", "8000", "--bots", "4", "--seed", "2", "--out", file]).status == 0)
        try Self.create(moto, "alerts", shards: 1)
        let report = try KinesisCLITests.run(
            [Binary.url.path, "report", file, "--format", "json", "--alerts-kinesis", "kinesis://alerts"],
            environment: moto.environment())
        #expect(report.0 == 0, "\(report.2)")
        let object = try JSONSerialization.jsonObject(with: Data(report.1.utf8)) as! [String: Any]
        let expected = (object["alerts"] as! [[String: Any]]).map {
            "\(($0["user_id"] as! NSNumber).intValue) \(($0["count"] as! NSNumber).intValue)"
        }.sorted()
        #expect(expected.count >= 4)
        // Read as the tutorial's Lambda reads them: json.loads, then num_actions_per_watermark > 10.
        let read = try Self.boto(
            moto,
            """
            s = k.list_shards(StreamName='alerts')['Shards'][0]['ShardId']
            it = k.get_shard_iterator(StreamName='alerts', ShardId=s, ShardIteratorType='TRIM_HORIZON')['ShardIterator']
            for r in k.get_records(ShardIterator=it, Limit=10000)['Records']:
                d = json.loads(r['Data'])
                assert set(d) == {'user_id', 'num_actions_per_watermark'} and r['PartitionKey'] == str(d['user_id'])
                if d['num_actions_per_watermark'] > 10:
                    print(d['user_id'], d['num_actions_per_watermark'])
            """)
        #expect(read.split(separator: "\n").map(String.init).sorted() == expected)
    }
}
