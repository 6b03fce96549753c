import Engine
import Foundation
import Testing

/// The live pipeline as a user drives it: stream create, replay (killed at random), report --stream.
@Suite("replay, streams and consumers", .serialized)
struct StreamCLITests {
    static func rows(_ json: String) throws -> Int {
        let o = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        return (o["source"] as! [String: Any])["rows"] as! Int
    }

    /// Sections of a report, without `source` (which names the input).
    static func sections(_ json: String) throws -> NSDictionary {
        var o = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        o["source"] = nil
        return o as NSDictionary
    }

    @Test("replay --max then report --stream equals report on the file; describe shows the shards")
    func replayEqualsFile() throws {
        let dir = try Scratch()
        let s = dir.path("s")
        #expect(try Binary.run(["stream", "create", s, "--shards", "3"]).status == 0)
        let replay = try Binary.run(["replay", Binary.sample, "--stream", s, "--max"])
        #expect(replay.status == 0)
        #expect(replay.stderr.contains("sent 1000 records"))
        let fromStream = try Binary.run(["report", "--stream", s, "--format", "json", "--min-views", "5"])
        let fromFile = try Binary.run(["report", Binary.sample, "--format", "json", "--min-views", "5"])
        #expect(try Self.sections(fromStream.stdout) == (try Self.sections(fromFile.stdout)))
        let describe = try Binary.run(["stream", "describe", s])
        #expect(describe.stdout.contains("3 shards"))
        #expect(describe.stdout.contains("340282366920938463463374607431768211455"))
        #expect(try Binary.run(["stream", "create", s]).stderr.contains("already exists"))
        #expect(try Binary.run(["stream", "delete", s]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: s))
    }

    @Test("producers killed with SIGKILL at random points 50 times: the log stays whole, every record read once")
    func killedProducers() throws {
        let dir = try Scratch()
        let s = dir.path("s")
        let data = dir.path("events.csv")
        _ = try Binary.run(["generate", "--rows", "300000", "--out", data])
        _ = try Binary.run(["stream", "create", s, "--shards", "3"])
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let p = Process()
            p.executableURL = Binary.url
            p.arguments = ["replay", data, "--stream", s, "--max"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.005...0.12, using: &rng))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        // Then one producer that finishes, appending after whatever the others left.
        #expect(try Binary.run(["replay", Binary.sample, "--stream", s, "--max"]).status == 0)
        let info = try StreamInfo(directory: s)
        var total = 0
        for shard in info.shards {
            total += shard.records
            #expect(
                shard.records == 0 || (shard.firstSequence == 1 && shard.lastSequence == UInt64(shard.records)),
                "shard \(shard.shard): sequence numbers have a gap or a repeat")
        }
        #expect(total >= 1000)
        let report = try Binary.run(["report", "--stream", s, "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(try Self.rows(report.stdout) == total)
    }

    @Test("a named producer killed again and again resumes: the stream ends up equal to the file")
    func resumedProducer() throws {
        let dir = try Scratch()
        let s = dir.path("s")
        let data = dir.path("events.csv")
        _ = try Binary.run(["generate", "--rows", "60000", "--days", "3", "--out", data])
        _ = try Binary.run(["stream", "create", s, "--shards", "4"])
        for _ in 0..<12 {
            let p = Process()
            p.executableURL = Binary.url
            p.arguments = ["replay", data, "--stream", s, "--max", "--producer", "shop-1"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.01...0.3))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        let last = try Binary.run(["replay", data, "--stream", s, "--max", "--producer", "shop-1"])
        #expect(last.status == 0)
        let fromStream = try Binary.run(["report", "--stream", s, "--format", "json", "--min-views", "20"])
        let fromFile = try Binary.run(["report", data, "--format", "json", "--min-views", "20"])
        #expect(try Self.rows(fromStream.stdout) == 60000)
        #expect(try Self.sections(fromStream.stdout) == (try Self.sections(fromFile.stdout)))
        // Running it again sends nothing: every row is already there.
        #expect(
            try Binary.run(["replay", data, "--stream", s, "--max", "--producer", "shop-1"]).stderr.contains(
                "sent 0 records"))
    }

    @Test("four producers at once; a named consumer killed mid-read resumes and counts each record once")
    func concurrentProducersAndConsumer() throws {
        let dir = try Scratch()
        let s = dir.path("s")
        _ = try Binary.run(["stream", "create", s, "--shards", "4"])
        let producers = try (0..<4).map { _ -> Process in
            let p = Process()
            p.executableURL = Binary.url
            p.arguments = ["replay", Binary.sample, "--stream", s, "--max"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in producers { p.waitUntilExit() }
        #expect(producers.allSatisfy { $0.terminationStatus == 0 })
        for _ in 0..<5 {
            let c = Process()
            c.executableURL = Binary.url
            c.arguments = ["report", "--stream", s, "--consumer", "c", "--format", "json"]
            c.standardOutput = FileHandle.nullDevice
            c.standardError = FileHandle.nullDevice
            try c.run()
            Thread.sleep(forTimeInterval: 0.005)
            kill(c.processIdentifier, SIGKILL)
            c.waitUntilExit()
        }
        let full = try Binary.run(["report", "--stream", s, "--consumer", "c", "--format", "json"])
        #expect(try Self.rows(full.stdout) == 4000)
        #expect(
            try Self.rows(try Binary.run(["report", "--stream", s, "--consumer", "c", "--format", "json"]).stdout) == 0)
        _ = try Binary.run(["replay", Binary.sample, "--stream", s, "--max"])
        #expect(
            try Self.rows(try Binary.run(["report", "--stream", s, "--consumer", "c", "--format", "json"]).stdout)
                == 1000)
        #expect(try Binary.run(["stream", "describe", s]).stdout.contains("c: "))
    }

    @Test(
        "50 SIGKILLs of a named consumer at random moments while a producer writes: each record in exactly one finished report"
    )
    func killedConsumers() throws {
        let dir = try Scratch()
        let s = dir.path("s")
        _ = try Binary.run(["stream", "create", s, "--shards", "4"])
        _ = try Binary.run(["replay", Binary.sample, "--stream", s, "--max", "--loop", "10"])
        let producer = Process()
        producer.executableURL = Binary.url
        producer.arguments = ["replay", Binary.sample, "--stream", s, "--rate", "4000", "--loop", "10"]
        producer.standardOutput = FileHandle.nullDevice
        producer.standardError = FileHandle.nullDevice
        try producer.run()
        // How long a run takes here (another consumer's), so that the kills land before, during and
        // after runs finish.
        let started = Date()
        _ = try Binary.run(["report", "--stream", s, "--consumer", "probe", "--format", "json"])
        let runTime = Date().timeIntervalSince(started)
        var counted = 0
        var finished = 0
        var rng = SystemRandomNumberGenerator()
        let checkpoints = s + "/consumers/c/checkpoints"
        for i in 0..<50 {
            let before = FileManager.default.contents(atPath: checkpoints)
            let out = dir.path("report-\(i).json")
            FileManager.default.createFile(atPath: out, contents: nil)
            let c = Process()
            c.executableURL = Binary.url
            c.arguments = ["report", "--stream", s, "--consumer", "c", "--format", "json"]
            c.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            c.standardError = FileHandle.nullDevice
            try c.run()
            // Every tenth run may take twenty times the probe's before its kill, so that some runs
            // finish however loaded the machine is (a full test suite runs beside this one).
            let wait = i % 10 == 9 ? runTime * 20 : Double.random(in: 0...(runTime * 1.5), using: &rng)
            let deadline = Date().addingTimeInterval(wait)
            while c.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
            if c.isRunning { kill(c.processIdentifier, SIGKILL) }
            c.waitUntilExit()
            // A report counts once its run saved its checkpoints: that is when its records were
            // acknowledged, after the report was out (a kill may still land before the exit).
            let committed = FileManager.default.contents(atPath: checkpoints) != before
            let exited = c.terminationReason == .exit && c.terminationStatus == 0
            if committed {
                counted += try Self.rows(try String(contentsOfFile: out, encoding: .utf8))
            } else if exited {
                #expect(
                    try Self.rows(try String(contentsOfFile: out, encoding: .utf8)) == 0, "run \(i) exited uncommitted")
            }
            if committed || exited { finished += 1 }
        }
        producer.waitUntilExit()
        counted += try Self.rows(
            try Binary.run(["report", "--stream", s, "--consumer", "c", "--format", "json"]).stdout)
        #expect(counted == 20_000, "\(finished) of 50 runs finished before their kill")
        #expect(finished > 0 && finished < 50, "the kills land both before and after runs finish: \(finished)")
    }

    @Test(
        "arrival-time windows over a paced replay into 4 shards equal an independent count over the records' arrival stamps"
    )
    func arrivalWindows() throws {
        let dir = try Scratch()
        let s = dir.path("s")
        _ = try Binary.run(["stream", "create", s, "--shards", "4"])
        // Paced: the records' arrivals span about 12 s, many 2-second windows; each shard is read
        // whole before the next, so its newest arrival runs far ahead of the shards not yet read.
        let replay = try Binary.run(["replay", Binary.sample, "--stream", s, "--rate", "100", "--inject-bots", "4"])
        #expect(replay.status == 0, "\(replay.stderr)")
        let oracle = try ParquetExportCLITests.python([
            ParquetExportCLITests.tools + "/arrival_bursts.py", s, "--window", "2",
        ])
        #expect(oracle.status == 0, "\(oracle.output)")
        let expected = try JSONSerialization.jsonObject(with: Data(oracle.output.utf8)) as! [[String: Any]]
        let report = try Binary.run([
            "report", "--stream", s, "--window-time", "arrival", "--window", "2s", "--format", "json",
        ])
        let object = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as! [String: Any]
        let alerts = object["alerts"] as! [[String: Any]]
        func key(_ user: Any?, _ count: Any?) -> String {
            "\((user as! NSNumber).intValue)×\((count as! NSNumber).intValue)"
        }
        let got = alerts.map { key($0["user_id"], $0["count"]) }
        let want = expected.map { key($0["user_id"], $0["count"]) }
        #expect(got == want, "report \(got), independent count \(want)")
        #expect(want.count >= 4, "the four bots burst: \(want)")
    }

    @Test("real rows plus injected bursts: the report lists exactly the bots; the sinks get each alert once")
    func injectedBots() throws {
        let dir = try Scratch()
        let s = dir.path("s")
        _ = try Binary.run(["stream", "create", s, "--shards", "2"])
        let replay = try Binary.run(["replay", Binary.sample, "--stream", s, "--max", "--inject-bots", "3"])
        #expect(replay.status == 0)
        let jsonl = dir.path("alerts.jsonl")
        let viaCommand = dir.path("from a command.jsonl")  // a space: the command line quotes it
        let report = try Binary.run([
            "report", "--stream", s, "--format", "json", "--alerts-jsonl", jsonl,
            "--on-alert", "sh -c 'cat >> \"$0\"; echo >> \"$0\"' '\(viaCommand)'",
        ])
        let object = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as! [String: Any]
        let alerts = object["alerts"] as! [[String: Any]]
        let users = Set(alerts.map { ($0["user_id"] as! NSNumber).intValue })
        #expect(users == [980_000_000, 980_000_001, 980_000_002])
        let counts = alerts.map { ($0["count"] as! NSNumber).intValue }
        #expect(counts.allSatisfy { $0 > 10 })
        let lines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == alerts.count)
        let commandLines = try String(contentsOfFile: viaCommand, encoding: .utf8).split(separator: "\n")
        #expect(Set(commandLines) == Set(lines))
        // The same rows from the file alone raise no alert: real shoppers never burst.
        let plain = try Binary.run(["report", Binary.sample, "--format", "json"])
        let plainAlerts =
            (try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as! [String: Any])["alerts"] as! [Any]
        #expect(plainAlerts.isEmpty)
    }

    @Test(
        "SIGTERM and SIGINT stop a replay cleanly: it says how many records it sent, and they are all there",
        arguments: [SIGTERM, SIGINT])
    func cleanStop(_ signal: Int32) throws {
        let dir = try Scratch()
        let s = dir.path("s")
        _ = try Binary.run(["stream", "create", s, "--shards", "2"])
        let p = Process()
        p.executableURL = Binary.url
        p.arguments = ["replay", Binary.sample, "--stream", s, "--rate", "500"]
        let err = dir.path("stderr.txt")
        FileManager.default.createFile(atPath: err, contents: nil)
        p.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 0.8)
        kill(p.processIdentifier, signal)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let message = try String(contentsOfFile: err, encoding: .utf8)
        #expect(message.contains("(stopped)"), "\(message)")
        let sent = Int(message.split(separator: " ")[1])!
        #expect(sent > 0 && sent < 1000)
        let info = try StreamInfo(directory: s)
        #expect(info.shards.reduce(0) { $0 + $1.records } == sent)
    }

    @Test("a corrupted segment: a clear error naming shard and offset; --skip-corrupt reads the rest")
    func corruptSegment() throws {
        let dir = try Scratch()
        let s = dir.path("s")
        _ = try Binary.run(["stream", "create", s, "--shards", "1"])
        _ = try Binary.run(["replay", Binary.sample, "--stream", s, "--max"])
        let seg = try FileManager.default.contentsOfDirectory(atPath: s + "/shard-0000").first { $0.hasSuffix(".seg") }!
        let url = URL(fileURLWithPath: s + "/shard-0000/" + seg)
        var bytes = try Array(Data(contentsOf: url))
        bytes[bytes.count / 2] ^= 0x5A
        try Data(bytes).write(to: url)
        let broken = try Binary.run(["report", "--stream", s])
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("shard 0 is corrupt in \(seg) at byte"), "\(broken.stderr)")
        let skipped = try Binary.run(["report", "--stream", s, "--skip-corrupt", "--format", "json"])
        #expect(skipped.status == 0)
        #expect(try Self.rows(skipped.stdout) == 999)
    }
}
