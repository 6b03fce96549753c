import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `report --stream kinesis://NAME` against a real implementation of the Kinesis API: a moto
/// server of the test's own, checking every request's SigV4 signature (INITIAL_NO_AUTH_ACTION_COUNT:
/// only the first three calls, which make the test's IAM user and key, go unchecked).
@Suite("Kinesis through moto", .serialized)
struct KinesisCLITests {
    static let motoReady: Bool = {
        (try? ParquetExportCLITests.python(["-c", "import moto.server, boto3, flask"]))?.status == 0
    }()

    /// A moto server on a free port with signature checks on, and a key of an IAM user allowed everything.
    final class Moto {
        let process = Process()
        let port: Int
        let keyId: String
        let secret: String

        /// `checkSignatures: false` serves S3: moto 5.2's check there rejects correctly signed
        /// requests whose key holds `=` or whose query holds `/` (boto3's own requests fail the same
        /// way), and Hive partitions need both. SigV4 itself is checked against AWS's test suite
        /// (SigV4Tests) and, through moto, by every Kinesis test.
        init(checkSignatures: Bool = true) throws {
            port = Int(
                try ParquetExportCLITests.python([
                    "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
                ]).output.trimmingCharacters(in: .whitespacesAndNewlines))!
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)]
            var env = ProcessInfo.processInfo.environment
            if checkSignatures { env["INITIAL_NO_AUTH_ACTION_COUNT"] = "3" }
            process.environment = env
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let setUp = """
                import boto3, json, sys, time
                ep = 'http://127.0.0.1:\(port)'
                for _ in range(100):
                    try:
                        iam = boto3.client('iam', endpoint_url=ep, region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='y')
                        iam.create_user(UserName='ecomdash'); break
                    except Exception:
                        time.sleep(0.1)
                iam.put_user_policy(UserName='ecomdash', PolicyName='all', PolicyDocument=json.dumps(
                    {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]}))
                k = iam.create_access_key(UserName='ecomdash')['AccessKey']
                print(k['AccessKeyId'], k['SecretAccessKey'])
                """
            let keys = try ParquetExportCLITests.python(["-c", setUp]).output.split(separator: " ")
            keyId = String(keys.first ?? "")
            secret = keys.count > 1 ? keys[1].trimmingCharacters(in: .whitespacesAndNewlines) : ""
        }

        /// The environment a user would set for it.
        func environment(secret override: String? = nil) -> [String: String] {
            var env = ProcessInfo.processInfo.environment
            env["AWS_ACCESS_KEY_ID"] = keyId
            env["AWS_SECRET_ACCESS_KEY"] = override ?? secret
            env["AWS_DEFAULT_REGION"] = "us-east-1"
            env["AWS_REGION"] = "us-east-1"
            env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:\(port)"
            return env
        }

        deinit {
            // SIGKILL: a child of the test process inherits its blocked signals, SIGTERM among them.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// Runs a command with `environment`; its exit status and what it printed on each stream.
    static func run(_ arguments: [String], environment: [String: String]) throws -> (Int32, String, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        p.environment = environment
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test(
        "the tutorial's producer fills a 3-shard stream; report --stream kinesis:// equals the report on the CSV; a wrong key is one clear line",
        .enabled(if: motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func tutorialStream() throws {
        let moto = try Moto()
        #expect(moto.keyId.hasPrefix("AKIA"), "moto gave no key")
        let env = moto.environment()
        let produced = try Self.run(
            [
                "python3", ParquetExportCLITests.tools + "/tutorial_producer.py", Binary.sample,
                "ecommerce-raw-user-activity-stream-1", "--create", "3",
            ],
            environment: env)
        #expect(produced.0 == 0 && produced.1.contains("sent 1000 records"), "\(produced.2)")
        let fromStream = try Self.run(
            [
                Binary.url.path, "report", "--stream", "kinesis://ecommerce-raw-user-activity-stream-1", "--format",
                "json",
            ],
            environment: env)
        #expect(fromStream.0 == 0, "\(fromStream.2)")
        let fromFile = try Binary.run(["report", Binary.sample, "--format", "json"])
        #expect(try StreamCLITests.rows(fromStream.1) == 1000)
        #expect(try StreamCLITests.sections(fromStream.1) == (try StreamCLITests.sections(fromFile.stdout)))

        // Burst windows on txn_timestamp, against a count of the records' own stamps in Python; a
        // bot sends 30 events in a row, so some window must alert.
        let dir = try Scratch()
        let withBot = dir.path("bot.csv")
        let lines = try String(contentsOfFile: Binary.sample, encoding: .utf8).split(separator: "\n")
        let bot = (0..<30).map { _ in
            "2019-10-01 00:00:05 UTC,view,1005115,2053013555631882655,electronics.smartphone,apple,900.00,999000999,bot-session"
        }
        var rows: [String] = [String(lines[0])]
        rows += lines[1...200].map(String.init)
        rows += bot
        rows += lines[201...400].map(String.init)
        try (rows.joined(separator: "\n") + "\n").write(toFile: withBot, atomically: true, encoding: .utf8)
        let botStream = try Self.run(
            ["python3", ParquetExportCLITests.tools + "/tutorial_producer.py", withBot, "bots", "--create", "2"],
            environment: env)
        #expect(botStream.0 == 0, "\(botStream.2)")
        let txn = try Self.run(
            [Binary.url.path, "report", "--stream", "kinesis://bots", "--window-time", "txn", "--format", "json"],
            environment: env)
        #expect(txn.0 == 0, "\(txn.2)")
        let object = try JSONSerialization.jsonObject(with: Data(txn.1.utf8)) as! [String: Any]
        let alerts = (object["alerts"] as! [[String: Any]]).map {
            "\(($0["user_id"] as! NSNumber).intValue) \($0["window_start"] as! String) \(($0["count"] as! NSNumber).intValue)"
        }.sorted()
        let reference = try Self.run(
            [
                "python3", "-c",
                """
                import boto3, calendar, collections, datetime, json
                k = boto3.client('kinesis')
                counts = collections.Counter()
                for s in k.list_shards(StreamName='bots')['Shards']:
                    it = k.get_shard_iterator(StreamName='bots', ShardId=s['ShardId'], ShardIteratorType='TRIM_HORIZON')['ShardIterator']
                    while it:
                        r = k.get_records(ShardIterator=it, Limit=10000)
                        for rec in r['Records']:
                            d = json.loads(rec['Data'])
                            t = calendar.timegm(datetime.datetime.fromisoformat(d['txn_timestamp']).timetuple())
                            counts[(int(d['user_id']), t // 10 * 10)] += 1
                        it = r.get('NextShardIterator') if r['Records'] else None
                for (user, start), n in sorted(counts.items()):
                    if n > 10:
                        print(user, datetime.datetime.fromtimestamp(start, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'), n)
                """,
            ], environment: env)
        #expect(reference.0 == 0, "\(reference.2)")
        #expect(alerts == reference.1.split(separator: "\n").map(String.init).sorted())
        #expect(alerts.contains { $0.hasPrefix("999000999 ") }, "\(alerts)")

        let wrongKey = try Self.run(
            [Binary.url.path, "report", "--stream", "kinesis://ecommerce-raw-user-activity-stream-1"],
            environment: moto.environment(secret: "wrong"))
        #expect(wrongKey.0 != 0 && wrongKey.2.split(separator: "\n").count == 1, "\(wrongKey.2)")
        #expect(wrongKey.2.contains("signature"), "\(wrongKey.2)")
        // A user without permissions, and a session token that is not valid: one line each.
        let nobody = try Self.run(
            [
                "python3", "-c",
                "import boto3; iam = boto3.client('iam'); iam.create_user(UserName='nobody'); "
                    + "k = iam.create_access_key(UserName='nobody')['AccessKey']; print(k['AccessKeyId'], k['SecretAccessKey'])",
            ], environment: env
        ).1.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var denied = env
        denied["AWS_ACCESS_KEY_ID"] = nobody.first
        denied["AWS_SECRET_ACCESS_KEY"] = nobody.last
        let refused = try Self.run(
            [Binary.url.path, "report", "--stream", "kinesis://ecommerce-raw-user-activity-stream-1"],
            environment: denied)
        #expect(refused.0 != 0 && refused.2.split(separator: "\n").count == 1, "\(refused.2)")
        #expect(refused.2.contains("not authorized to perform: kinesis:ListShards"), "\(refused.2)")
        var token = env
        token["AWS_SESSION_TOKEN"] = "expired"
        let badToken = try Self.run(
            [Binary.url.path, "report", "--stream", "kinesis://ecommerce-raw-user-activity-stream-1"],
            environment: token)
        #expect(badToken.0 != 0 && badToken.2.contains("security token"), "\(badToken.2)")

        let missing = try Self.run([Binary.url.path, "report", "--stream", "kinesis://nosuch"], environment: env)
        #expect(missing.0 != 0 && missing.2.contains("ResourceNotFoundException"), "\(missing.2)")
    }
}
