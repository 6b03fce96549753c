import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Named Kinesis consumers (checkpoints in a local file) and the dashboard following a Kinesis
/// stream, against moto with every signature checked.
@Suite("Kinesis consumers and --follow through moto", .serialized)
struct KinesisConsumerCLITests {
    /// The sample's rows in `parts` files of consecutive rows, each with the header.
    static func chunks(of path: String, parts: Int, in dir: Scratch) throws -> [String] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let rows = Array(lines.dropFirst())
        let size = (rows.count + parts - 1) / parts
        return try (0..<parts).map { i in
            let file = dir.path("part-\(i).csv")
            try ([lines[0]] + rows[min(rows.count, i * size)..<min(rows.count, (i + 1) * size)])
                .joined(separator: "\n").appending("\n").write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }
    }

    /// Runs the binary with `arguments` and SIGKILLs it `after` seconds: whether it had finished
    /// (exit 0) by then, and what it printed.
    static func killed(_ arguments: [String], _ env: [String: String], after: Double) throws -> (Bool, String) {
        let p = Process()
        p.executableURL = Binary.url
        p.arguments = arguments
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: after)
        kill(p.processIdentifier, SIGKILL)
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationReason == .exit && p.terminationStatus == 0, text)
    }

    @Test(
        "a named consumer killed at random while it reads resumes after its last finished report: every record reported exactly once",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func consumerExactlyOnce() throws {
        let moto = try KinesisCLITests.Moto()
        let dir = try Scratch()
        var env = moto.environment()
        env["XDG_STATE_HOME"] = dir.path("state")
        let file = dir.path("events.csv")
        #expect(try Binary.run(["generate", "--rows", "30000", "--seed", "12", "--out", file]).status == 0)
        let parts = try Self.chunks(of: file, parts: 5, in: dir)
        _ = try KinesisReplayCLITests.create(moto, "shop", shards: 3)
        var reported = 0
        for (i, part) in parts.enumerated() {
            let sent = try KinesisCLITests.run(
                [Binary.url.path, "replay", part, "--stream", "kinesis://shop", "--max"], environment: env)
            #expect(sent.0 == 0, "\(sent.2)")
            // A run killed part way (or not, if it was quick): it either finished or saved nothing.
            let (finished, text) = try Self.killed(
                ["report", "--stream", "kinesis://shop", "--consumer", "c", "--format", "json"], env,
                after: [0.05, 0.2, 0.4, 0.8, 0.1][i])
            if finished { reported += try StreamCLITests.rows(text) }
            let report = try KinesisCLITests.run(
                [Binary.url.path, "report", "--stream", "kinesis://shop", "--consumer", "c", "--format", "json"],
                environment: env)
            #expect(report.0 == 0, "\(report.2)")
            reported += try StreamCLITests.rows(report.1)
            #expect(reported == 6000 * (i + 1), "after part \(i + 1): \(reported) rows reported in all")
        }
        let describe = try KinesisCLITests.run(
            [Binary.url.path, "stream", "describe", "kinesis://shop"], environment: env)
        #expect(
            describe.0 == 0 && describe.1.contains("3 open shard(s)") && describe.1.contains("  c:"), "\(describe.1)")
        let latest = try KinesisCLITests.run(
            [Binary.url.path, "report", "--stream", "kinesis://shop", "--start", "latest", "--format", "json"],
            environment: env)
        #expect(try StreamCLITests.rows(latest.1) == 0, "\(latest.2)")
    }

    @Test(
        "stream consume kinesis:// reads what a replay sent, times each record from its ApproximateArrivalTimestamp, and its consumer resumes after it",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func consumeKinesis() throws {
        let moto = try KinesisCLITests.Moto()
        let dir = try Scratch()
        var env = moto.environment()
        env["XDG_STATE_HOME"] = dir.path("state")
        _ = try KinesisReplayCLITests.create(moto, "clicks", shards: 2)
        let replay = [Binary.url.path, "replay", Binary.sample, "--stream", "kinesis://clicks", "--max"]
        #expect(try KinesisCLITests.run(replay, environment: env).0 == 0)
        let consumed = try KinesisCLITests.run(
            [Binary.url.path, "stream", "consume", "kinesis://clicks", "--until", "1000", "--consumer", "k"],
            environment: env)
        #expect(consumed.0 == 0, "\(consumed.2)")
        #expect(consumed.1.contains("read 1000 records"), "\(consumed.1)")
        // The records arrived seconds ago: a latency of minutes or more means the stamp was misread.
        let p50 = consumed.1.split(separator: "p50 ").dropFirst().first.flatMap { Double($0.prefix { $0 != " " }) }
        #expect(p50.map { $0 > 0 && $0 < 120_000 } ?? false, "\(consumed.1)")
        #expect(try KinesisCLITests.run(replay, environment: env).0 == 0)
        let rest = try KinesisCLITests.run(
            [Binary.url.path, "report", "--stream", "kinesis://clicks", "--consumer", "k", "--format", "json"],
            environment: env)
        #expect(try StreamCLITests.rows(rest.1) == 1000, "the consumer did not resume after what it read: \(rest.2)")
    }

    @Test(
        "the dashboard follows a Kinesis stream as a replay fills it, and its consumer resumes after what it showed",
        .enabled(
            if: KinesisCLITests.motoReady && DashboardTmuxTests.tmuxAvailable,
            "moto, boto3 and tmux (.ci/run installs them)"))
    func dashboardFollows() throws {
        let moto = try KinesisCLITests.Moto()
        let dir = try Scratch()
        var env = moto.environment()
        env["XDG_STATE_HOME"] = dir.path("state")
        _ = try KinesisReplayCLITests.create(moto, "live", shards: 2)
        let tmux = DashboardTmuxTests.Tmux()
        let exports = [
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_ENDPOINT_URL", "XDG_STATE_HOME",
        ]
        .map { "\($0)='\(env[$0]!)'" }.joined(separator: " ")
        let command =
            "\(exports) TERM=xterm-256color '\(Binary.url.path)' --follow kinesis://live --consumer dash; echo EXIT=$?; sleep 10"
        try tmux.run(["new-session", "-d", "-s", "dash", "-x", "120", "-y", "40", command])
        #expect(tmux.waitFor("Overview"), "\(tmux.screen)")
        let sent = try KinesisCLITests.run(
            [Binary.url.path, "replay", Binary.sample, "--stream", "kinesis://live", "--rate", "500"], environment: env)
        #expect(sent.0 == 0, "\(sent.2)")
        #expect(tmux.waitFor("1,000", seconds: 30), "\(tmux.screen)")
        try tmux.keys("6")
        #expect(tmux.waitFor("kinesis://live as dash"), "\(tmux.screen)")
        #expect(tmux.waitFor("s behind the newest record", seconds: 30), "\(tmux.screen)")
        try tmux.keys("q")
        #expect(tmux.waitFor("EXIT=0", seconds: 30), "\(tmux.screen)")
        let after = try KinesisCLITests.run(
            [Binary.url.path, "report", "--stream", "kinesis://live", "--consumer", "dash", "--format", "json"],
            environment: env)
        #expect(after.0 == 0, "\(after.2)")
        #expect(try StreamCLITests.rows(after.1) == 0, "the dashboard's consumer did not save what it showed")
    }

    @Test(
        "the dashboard windows bursts on txn_timestamp as the tutorial's Flink job does: its alerts sink equals report --stream --window-time txn",
        .enabled(
            if: KinesisCLITests.motoReady && DashboardTmuxTests.tmuxAvailable,
            "moto, boto3 and tmux (.ci/run installs them)"))
    func dashboardTxnWindows() throws {
        let moto = try KinesisCLITests.Moto()
        let dir = try Scratch()
        let env = moto.environment()
        // The sample's first 300 rows with a bot's 30 views in a row among them: sent at once by
        // the tutorial's producer, the bot's stamps fall in one or two 2-second windows.
        let lines = try String(contentsOfFile: Binary.sample, encoding: .utf8).split(separator: "\n").map(String.init)
        let bot = Array(
            repeating:
                "2019-10-01 00:00:05 UTC,view,1005115,2053013555631882655,electronics.smartphone,apple,900.00,999000999,bot",
            count: 30)
        let withBot = dir.path("bot.csv")
        try ([lines[0]] + lines[1...150] + bot + lines[151...300] + [""]).joined(separator: "\n")
            .write(toFile: withBot, atomically: true, encoding: .utf8)
        let tick = dir.path("tick.csv")
        try ([lines[0], lines[301], ""]).joined(separator: "\n").write(toFile: tick, atomically: true, encoding: .utf8)
        let producer = ["python3", ParquetExportCLITests.tools + "/tutorial_producer.py"]
        let sent = try KinesisCLITests.run(producer + [withBot, "txn", "--create", "2"], environment: env)
        #expect(sent.0 == 0, "\(sent.2)")
        let alerts = dir.path("alerts.jsonl")
        let tmux = DashboardTmuxTests.Tmux()
        let exports = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_ENDPOINT_URL"]
            .map { "\($0)='\(env[$0]!)'" }.joined(separator: " ")
        let command =
            "\(exports) TERM=xterm-256color '\(Binary.url.path)' --follow kinesis://txn --window-time txn --window 2s "
            + "--alerts-jsonl '\(alerts)'; echo EXIT=$?; sleep 10"
        try tmux.run(["new-session", "-d", "-s", "dash", "-x", "120", "-y", "40", command])
        #expect(tmux.waitFor("Overview"), "\(tmux.screen)")
        try tmux.keys("6")
        #expect(tmux.waitFor("of txn_timestamp", seconds: 30), "\(tmux.screen)")
        #expect(tmux.waitFor("330", seconds: 30), "\(tmux.screen)")
        // Windows close by the newest txn_timestamp read: a record sent seconds later closes them.
        Thread.sleep(forTimeInterval: 5)
        #expect(try KinesisCLITests.run(producer + [tick, "txn"], environment: env).0 == 0)
        #expect(tmux.waitFor("999000999", seconds: 30), "\(tmux.screen)")
        try tmux.keys("q")
        #expect(tmux.waitFor("EXIT=0", seconds: 30), "\(tmux.screen)")
        let delivered = try String(contentsOfFile: alerts, encoding: .utf8).split(separator: "\n").map {
            let o = try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
            return
                "\((o["user_id"] as! NSNumber).intValue) \(o["window_start"] as! String) \((o["count"] as! NSNumber).intValue)"
        }.sorted()
        let report = try KinesisCLITests.run(
            [
                Binary.url.path, "report", "--stream", "kinesis://txn", "--window-time", "txn", "--window", "2s",
                "--format", "json",
            ], environment: env)
        #expect(report.0 == 0, "\(report.2)")
        let object = try JSONSerialization.jsonObject(with: Data(report.1.utf8)) as! [String: Any]
        let reported = (object["alerts"] as! [[String: Any]]).map {
            "\(($0["user_id"] as! NSNumber).intValue) \($0["window_start"] as! String) \(($0["count"] as! NSNumber).intValue)"
        }.sorted()
        #expect(!delivered.isEmpty && delivered == reported, "dashboard \(delivered), report \(reported)")
    }

    @Test(
        "ingest --stream kinesis:// lands what arrived since the lake's positions, exactly once across random kills; report LAKE equals the file",
        .enabled(if: KinesisCLITests.motoReady, "python3 with moto[server] and boto3 (.ci/run installs them)"))
    func landIntoLake() throws {
        let moto = try KinesisCLITests.Moto()
        let dir = try Scratch()
        let env = moto.environment()
        let file = dir.path("events.csv")
        #expect(try Binary.run(["generate", "--rows", "24000", "--seed", "21", "--out", file]).status == 0)
        let parts = try Self.chunks(of: file, parts: 4, in: dir)
        try KinesisReplayCLITests.create(moto, "shop", shards: 3)
        let lake = dir.path("lake")
        for (i, part) in parts.enumerated() {
            let sent = try KinesisCLITests.run(
                [Binary.url.path, "replay", part, "--stream", "kinesis://shop", "--max"], environment: env)
            #expect(sent.0 == 0, "\(sent.2)")
            _ = try Self.killed(
                ["ingest", "--stream", "kinesis://shop", "--into", lake], env, after: [0.1, 0.3, 0.6, 0.05][i])
            let landed = try KinesisCLITests.run(
                [Binary.url.path, "ingest", "--stream", "kinesis://shop", "--into", lake], environment: env)
            #expect(landed.0 == 0, "\(landed.2)")
            let rows = try StreamCLITests.rows(try Binary.run(["report", lake, "--format", "json"]).stdout)
            #expect(rows == 6000 * (i + 1), "after part \(i + 1)")
        }
        let again = try KinesisCLITests.run(
            [Binary.url.path, "ingest", "--stream", "kinesis://shop", "--into", lake], environment: env)
        #expect(again.1.contains("nothing new in kinesis://shop"), "\(again.1) \(again.2)")
        let fromLake = try Binary.run(["report", lake, "--format", "json"])
        let fromFile = try Binary.run(["report", file, "--format", "json"])
        #expect(try StreamCLITests.sections(fromLake.stdout) == (try StreamCLITests.sections(fromFile.stdout)))
    }
}
