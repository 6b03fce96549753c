import Foundation
import Testing

/// `s3://` inputs against a real implementation of the S3 API (a moto server of the test's own):
/// the tutorial's batch layout under Hive prefixes, each format the files come in, an object
/// large enough to be read by several ranged GETs at once, and the errors a user meets.
@Suite("S3 through moto", .serialized)
struct S3CLITests {
    /// Puts files into a new bucket with boto3, as the tutorial's users upload them: `objects` maps
    /// a key to a local file; `text` maps a key to its content.
    static func upload(
        _ moto: KinesisCLITests.Moto, bucket: String, objects: [String: String] = [:], text: [String: String] = [:]
    ) throws {
        let script = """
            import boto3, json, sys
            from botocore.config import Config
            s3 = boto3.client('s3', config=Config(request_checksum_calculation='when_required'))
            s3.create_bucket(Bucket=sys.argv[1])
            for key, path in json.loads(sys.argv[2]).items():
                s3.upload_file(path, sys.argv[1], key)
            for key, body in json.loads(sys.argv[3]).items():
                s3.put_object(Bucket=sys.argv[1], Key=key, Body=body.encode())
            """
        func json(_ d: [String: String]) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: d), as: UTF8.self)
        }
        let r = try KinesisCLITests.run(
            ["python3", "-c", script, bucket, try json(objects), try json(text)], environment: moto.environment())
        #expect(r.0 == 0, "upload failed: \(r.2)")
    }

    /// The sample's rows cut into three files: plain CSV, gzip and zip.
    static func parts(in dir: Scratch) throws -> (csv: String, gz: String, zip: String) {
        let lines = try String(contentsOfFile: Binary.sample, encoding: .utf8).split(separator: "\n")
        let header = lines[0]
        let rows = lines.dropFirst()
        func write(_ name: String, _ part: ArraySlice<Substring>) throws -> String {
            let path = dir.path(name)
            try ([header] + part).joined(separator: "\n").appending("\n").write(
                toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let csv = try write("a.csv", rows.prefix(400))
        let forGzip = try write("b.csv", rows.dropFirst(400).prefix(300))
        let forZip = try write("c.csv", rows.dropFirst(700))
        #expect(try KinesisCLITests.run(["gzip", "-k", forGzip], environment: [:]).0 == 0)
        #expect(
            try KinesisCLITests.run(["zip", "-q", "-j", dir.path("c.zip"), forZip], environment: [:]).0 == 0)
        return (csv, forGzip + ".gz", dir.path("c.zip"))
    }

    @Test(
        "a Hive-partitioned prefix of csv, gz and zip objects reports as the file does; --to prunes a partition; one key reads alone",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func hivePrefix() throws {
        let moto = try KinesisCLITests.Moto(checkSignatures: false)
        let dir = try Scratch()
        let (csv, gz, zip) = try Self.parts(in: dir)
        let october = "batch/p_year=2019/p_month=10/"
        try Self.upload(
            moto, bucket: "shop",
            objects: [october + "part-0.csv": csv, october + "part 1 (b+&).csv.gz": gz, october + "part-2.zip": zip],
            text: [
                october + "_SUCCESS": "", "batch/p_year=2019/p_month=11/part-0.csv": "not, the, header\n",
            ])
        let env = moto.environment()
        let fromS3 = try KinesisCLITests.run(
            [Binary.url.path, "report", "s3://shop/batch/", "--to", "2019-11-01", "--format", "json"], environment: env)
        #expect(fromS3.0 == 0, "\(fromS3.2)")
        #expect(try StreamCLITests.rows(fromS3.1) == 1000)
        #expect(
            try StreamCLITests.sections(fromS3.1)
                == (try StreamCLITests.sections(
                    try Binary.run(["report", Binary.sample, "--format", "json", "--to", "2019-11-01"]).stdout)))

        // Without --to the November partition is read, and its bad header is named with its key.
        let unpruned = try KinesisCLITests.run([Binary.url.path, "report", "s3://shop/batch"], environment: env)
        #expect(
            unpruned.0 != 0 && unpruned.2.contains("s3://shop/batch/p_year=2019/p_month=11/part-0.csv"), "\(unpruned.2)"
        )

        let one = try KinesisCLITests.run(
            [Binary.url.path, "report", "s3://shop/" + october + "part-0.csv", "--format", "json"], environment: env)
        #expect(one.0 == 0, "\(one.2)")
        #expect(try StreamCLITests.rows(one.1) == 400)
    }

    @Test(
        "Parquet partitions exported by ecomdash and a 30 MB object read by ranged GETs report as the files do",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func parquetAndLargeObject() throws {
        let moto = try KinesisCLITests.Moto(checkSignatures: false)
        let dir = try Scratch()
        let lake = dir.path("lake")
        #expect(try Binary.run(["export", Binary.sample, "--parquet", lake]).status == 0)
        let big = dir.path("big.csv")
        #expect(try Binary.run(["generate", "--rows", "220000", "--seed", "5", "--out", big]).status == 0)
        let size = (try FileManager.default.attributesOfItem(atPath: big)[.size] as? Int) ?? 0
        #expect(size > 3 * (8 << 20), "the object should span several 8 MiB ranges (\(size) bytes)")
        var objects = ["big/events.csv": big]
        for f in FileManager.default.enumerator(atPath: lake)?.compactMap({ $0 as? String }) ?? []
        where f.hasSuffix(".parquet") {
            objects["lake/" + f] = lake + "/" + f
        }
        try Self.upload(moto, bucket: "shop", objects: objects)
        let env = moto.environment()
        let parquet = try KinesisCLITests.run(
            [Binary.url.path, "report", "s3://shop/lake/", "--format", "json"], environment: env)
        #expect(parquet.0 == 0, "\(parquet.2)")
        #expect(
            try StreamCLITests.sections(parquet.1)
                == (try StreamCLITests.sections(try Binary.run(["report", Binary.sample, "--format", "json"]).stdout)))
        let large = try KinesisCLITests.run(
            [Binary.url.path, "report", "s3://shop/big/events.csv", "--format", "json"], environment: env)
        #expect(large.0 == 0, "\(large.2)")
        #expect(
            try StreamCLITests.sections(large.1)
                == (try StreamCLITests.sections(try Binary.run(["report", big, "--format", "json"]).stdout)))
    }

    @Test(
        "a missing bucket, an empty prefix and missing credentials are each one clear line",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func errors() throws {
        let moto = try KinesisCLITests.Moto(checkSignatures: false)
        try Self.upload(moto, bucket: "shop", text: ["a/x.csv": "event_time\n"])
        let env = moto.environment()
        let bucket = try KinesisCLITests.run([Binary.url.path, "report", "s3://nosuch/x/"], environment: env)
        #expect(bucket.0 != 0 && bucket.2.contains("NoSuchBucket"), "\(bucket.2)")
        #expect(bucket.2.split(separator: "\n").count == 1, "\(bucket.2)")
        let empty = try KinesisCLITests.run([Binary.url.path, "report", "s3://shop/b/"], environment: env)
        #expect(empty.0 != 0 && empty.2.contains("no object at or under s3://shop/b/"), "\(empty.2)")
        var bare = env
        bare["AWS_ACCESS_KEY_ID"] = nil
        bare["AWS_SECRET_ACCESS_KEY"] = nil
        bare["HOME"] = "/nonexistent"
        let keyless = try KinesisCLITests.run([Binary.url.path, "report", "s3://shop/a/"], environment: bare)
        #expect(keyless.0 != 0 && keyless.2.contains("no AWS credentials"), "\(keyless.2)")
    }

    @Test(
        "Firehose objects (the tutorial's records concatenated with no delimiter, plain and gzip, under YYYY/MM/dd/HH/) report as the file does",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func firehoseObjects() throws {
        let moto = try KinesisCLITests.Moto(checkSignatures: false)
        let land = """
            import boto3, csv, datetime, gzip, json, sys
            from botocore.config import Config
            s3 = boto3.client('s3', config=Config(request_checksum_calculation='when_required'))
            s3.create_bucket(Bucket='lake')
            rows = list(csv.DictReader(open(sys.argv[1], newline='')))
            def records(part):
                out = ''
                for r in part:
                    r['txn_timestamp'] = datetime.datetime.now().isoformat()
                    out += json.dumps(r, indent=4)
                return out.encode()
            s3.put_object(Bucket='lake', Key='firehose/2026/12/02/17/stream-1-2026-12-02-17-00-00-a', Body=records(rows[:600]))
            s3.put_object(Bucket='lake', Key='firehose/2026/12/02/18/stream-1-2026-12-02-18-00-00-b.gz', Body=gzip.compress(records(rows[600:])))
            """
        let landed = try KinesisCLITests.run(["python3", "-c", land, Binary.sample], environment: moto.environment())
        #expect(landed.0 == 0, "\(landed.2)")
        let report = try KinesisCLITests.run(
            [Binary.url.path, "report", "s3://lake/firehose/", "--format", "json"], environment: moto.environment())
        #expect(report.0 == 0, "\(report.2)")
        #expect(try StreamCLITests.rows(report.1) == 1000)
        #expect(
            try StreamCLITests.sections(report.1)
                == (try StreamCLITests.sections(try Binary.run(["report", Binary.sample, "--format", "json"]).stdout)))
    }

    @Test(
        "ingest s3://PREFIX/ lands each object once (new Firehose objects on the next run), and replay s3:// feeds a stream; both report as the file does",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func landAndReplayFromS3() throws {
        let moto = try KinesisCLITests.Moto(checkSignatures: false)
        let dir = try Scratch()
        let env = moto.environment()
        let put = """
            import boto3, csv, datetime, json, sys
            from botocore.config import Config
            s3 = boto3.client('s3', config=Config(request_checksum_calculation='when_required'))
            if sys.argv[2] == '0': s3.create_bucket(Bucket='lake')
            rows = list(csv.DictReader(open(sys.argv[1], newline='')))
            lo, hi = int(sys.argv[3]), int(sys.argv[4])
            body = ''
            for r in rows[lo:hi]:
                r['txn_timestamp'] = datetime.datetime.now().isoformat()
                body += json.dumps(r, indent=4)
            s3.put_object(Bucket='lake', Key='firehose/2026/12/02/17/part-' + sys.argv[2], Body=body.encode())
            """
        for (i, range) in [(0, (0, 400)), (1, (400, 700))] {
            let r = try KinesisCLITests.run(
                ["python3", "-c", put, Binary.sample, String(i), String(range.0), String(range.1)], environment: env)
            #expect(r.0 == 0, "\(r.2)")
        }
        let lake = dir.path("lake")
        let first = try KinesisCLITests.run(
            [Binary.url.path, "ingest", "s3://lake/firehose/", "--into", lake], environment: env)
        #expect(
            first.0 == 0 && first.1.components(separatedBy: "landed s3://lake/firehose/").count == 3,
            "\(first.1) \(first.2)")
        let third = try KinesisCLITests.run(
            ["python3", "-c", put, Binary.sample, "2", "700", "1000"], environment: env)
        #expect(third.0 == 0, "\(third.2)")
        let second = try KinesisCLITests.run(
            [Binary.url.path, "ingest", "s3://lake/firehose/", "--into", lake], environment: env)
        #expect(second.0 == 0, "\(second.2)")
        #expect(second.1.contains("landed s3://lake/firehose/2026/12/02/17/part-2: 300 rows"), "\(second.1)")
        #expect(second.2.components(separatedBy: "already in the lake").count == 3, "\(second.2)")
        let fromFile = try StreamCLITests.sections(
            try Binary.run(["report", Binary.sample, "--format", "json"]).stdout)
        #expect(try StreamCLITests.sections(try Binary.run(["report", lake, "--format", "json"]).stdout) == fromFile)

        let stream = dir.path("stream")
        #expect(try Binary.run(["stream", "create", stream, "--shards", "2"]).status == 0)
        let replay = try KinesisCLITests.run(
            [Binary.url.path, "replay", "s3://lake/firehose/", "--stream", stream, "--max"], environment: env)
        #expect(replay.0 == 0 && replay.2.contains("sent 1000 records"), "\(replay.2)")
        let fromStream = try Binary.run(["report", "--stream", stream, "--format", "json"])
        #expect(try StreamCLITests.sections(fromStream.stdout) == fromFile)
    }

    @Test(
        "with moto checking every signature: a bucket's csv and gz objects report as the file does; a wrong secret is one clear line",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func signedRequests() throws {
        let moto = try KinesisCLITests.Moto()
        let dir = try Scratch()
        let (csv, gz, zip) = try Self.parts(in: dir)
        // Keys with nothing to escape: moto's own check mishandles `=` in keys and `/` in queries.
        try Self.upload(moto, bucket: "signed", objects: ["a.csv": csv, "b.csv.gz": gz, "c.zip": zip])
        let report = try KinesisCLITests.run(
            [Binary.url.path, "report", "s3://signed/", "--format", "json"], environment: moto.environment())
        #expect(report.0 == 0, "\(report.2)")
        #expect(
            try StreamCLITests.sections(report.1)
                == (try StreamCLITests.sections(try Binary.run(["report", Binary.sample, "--format", "json"]).stdout)))
        let wrong = try KinesisCLITests.run(
            [Binary.url.path, "report", "s3://signed/"], environment: moto.environment(secret: "wrong"))
        #expect(wrong.0 != 0 && wrong.2.split(separator: "\n").count == 1, "\(wrong.2)")
        #expect(wrong.2.contains("SignatureDoesNotMatch"), "\(wrong.2)")
    }

    @Test(
        "a prefix of 1,001 objects (more than one ListObjectsV2 page) is read whole, in key order",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func pagedListing() throws {
        let moto = try KinesisCLITests.Moto(checkSignatures: false)
        let put = """
            import boto3, sys
            from botocore.config import Config
            s3 = boto3.client('s3', config=Config(request_checksum_calculation='when_required'))
            s3.create_bucket(Bucket='many')
            lines = open(sys.argv[1]).read().splitlines()
            for i in range(1001):
                body = lines[0] + '\\n' + (lines[1 + i] + '\\n' if i < 1000 else '')
                s3.put_object(Bucket='many', Key='rows/%04d.csv' % i, Body=body.encode())
            print(s3.list_objects_v2(Bucket='many', Prefix='rows/')['IsTruncated'])
            """
        let r = try KinesisCLITests.run(["python3", "-c", put, Binary.sample], environment: moto.environment())
        #expect(r.0 == 0 && r.1.contains("True"), "one page should not hold them all: \(r.1) \(r.2)")
        let report = try KinesisCLITests.run(
            [Binary.url.path, "report", "s3://many/rows/", "--format", "json"], environment: moto.environment())
        #expect(report.0 == 0, "\(report.2)")
        #expect(try StreamCLITests.rows(report.1) == 1000)
        #expect(
            try StreamCLITests.sections(report.1)
                == (try StreamCLITests.sections(try Binary.run(["report", Binary.sample, "--format", "json"]).stdout)))
    }
}
