import Foundation
import Testing

/// `ecomdash ingest` and reading a lake, as a user runs them: the lake's report equals the file's,
/// landings add up, the same file is never doubled, damage is named, and a kill at any moment
/// leaves exactly the files reported landed.
@Suite("ingest and the lake")
struct LakeCLITests {
    /// The report's JSON without `source` (which names the files or the lake).
    static func figures(_ arguments: [String]) throws -> String {
        let r = try Binary.run(["report"] + arguments + ["--format", "json"])
        #expect(r.status == 0, "\(arguments): \(r.stderr)")
        var json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        json["source"] = nil
        return String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self)
    }

    /// Splits a CSV (header kept in each) into the rows before `day` and from `day` on.
    static func split(_ csv: String, at day: String, into a: String, _ b: String) throws {
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        let header = lines[0] + "\n"
        let body = lines.dropFirst()
        try (header + body.filter { $0 < day }.joined(separator: "\n") + "\n").write(
            toFile: a, atomically: true, encoding: .utf8)
        try (header + body.filter { $0 >= day }.joined(separator: "\n") + "\n").write(
            toFile: b, atomically: true, encoding: .utf8)
    }

    @Test(
        "a lake's report is saved beside it: the next one reads it back, the same in every format; a landing or other options fold again"
    )
    func savedReport() throws {
        let scratch = try Scratch()
        let csv = scratch.path("month.csv")
        _ = try Binary.run(["generate", "--rows", "60000", "--days", "10", "--bots", "2", "--out", csv])
        let lake = scratch.path("lake")
        #expect(try Binary.run(["ingest", csv, "--into", lake]).status == 0)
        /// The report's output and whether it folded the rows (the trace's insights phase).
        func report(_ arguments: [String]) throws -> (output: String, folded: Bool) {
            let r = try Binary.run(["report", lake] + arguments, environment: ["ECOMDASH_TRACE": "1"])
            #expect(r.status == 0, "\(arguments): \(r.stderr)")
            return (r.stdout, r.stderr.contains("trace: insights"))
        }
        // The figures are shared by the formats that print the same ones (json, table, csv): the
        // page's tiles, --compare's periods and another window are other views.
        let formats: [([String], folds: Bool)] = [
            (["--format", "json"], true), (["--format", "table", "--top", "3"], false),
            (["--format", "csv", "--section", "abandoned_products"], false), (["--format", "html"], true),
            (["--format", "html", "--compare"], true),
            (["--format", "json", "--from", "2019-10-03", "--to", "2019-10-06"], true),
        ]
        var saved: [String] = []
        for (arguments, folds) in formats {
            let first = try report(arguments)
            let again = try report(arguments)
            #expect(first.folded == folds && !again.folded, "\(arguments)")
            saved.append(again.output)
        }
        // Each output read back equals a fold's: with a lake that cannot be written to (its views
        // a file), every report folds, and still reports.
        let views = lake + "/views"
        try FileManager.default.moveItem(atPath: views, toPath: views + ".aside")
        try "not a directory".write(toFile: views, atomically: true, encoding: .utf8)
        for ((arguments, _), output) in zip(formats, saved) {
            let folded = try report(arguments)
            #expect(folded.folded && folded.output == output, "\(arguments)")
        }
        try FileManager.default.removeItem(atPath: views)
        try FileManager.default.moveItem(atPath: views + ".aside", toPath: views)
        #expect(try Self.figures([lake]) == Self.figures([csv]))
        // Other options are another view; another landing another lake.
        #expect(try report(["--format", "json", "--min-views", "3"]).folded)
        let more = scratch.path("more.csv")
        _ = try Binary.run(["generate", "--rows", "3000", "--days", "1", "--seed", "9", "--out", more])
        #expect(try Binary.run(["ingest", more, "--into", lake]).status == 0)
        #expect(try report(["--format", "json"]).folded)
        #expect(try Self.figures([lake]) == Self.figures([csv, more]))
    }

    @Test(
        "the dashboard follows a lake as ingests land into it and a compaction merges them: each landing once, its export equals report LAKE",
        .enabled(if: DashboardTmuxTests.tmuxAvailable, "tmux (.ci/run installs it)"))
    func dashboardFollowsLake() throws {
        let scratch = try Scratch()
        var files: [String] = []
        for (rows, seed) in [(2000, 31), (3000, 32), (1000, 33)] {
            files.append(scratch.path("part-\(seed).csv"))
            #expect(
                try Binary.run(["generate", "--rows", "\(rows)", "--seed", "\(seed)", "--out", files.last!]).status == 0
            )
        }
        let lake = scratch.path("lake")
        let out = scratch.path("out")
        #expect(try Binary.run(["ingest", files[0], "--into", lake]).status == 0)
        let config = scratch.path("config.toml")
        try "export_dir = \"\(out)\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let tmux = DashboardTmuxTests.Tmux()
        try tmux.run([
            "new-session", "-d", "-s", "dash", "-x", "120", "-y", "40",
            "TERM=xterm-256color '\(Binary.url.path)' --follow '\(lake)' --config '\(config)'; echo EXIT=$?; sleep 10",
        ])
        #expect(tmux.waitFor("2,000 of 2,000"), "\(tmux.screen)")
        #expect(try Binary.run(["ingest", files[1], "--into", lake]).status == 0)
        #expect(tmux.waitFor("5,000 of 5,000"), "\(tmux.screen)")
        // The merged segments hold rows the dashboard has: none is read twice.
        #expect(try Binary.run(["lake", "compact", lake]).status == 0)
        Thread.sleep(forTimeInterval: 2.5)
        #expect(tmux.screen.contains("5,000 of 5,000"), "\(tmux.screen)")
        #expect(try Binary.run(["ingest", files[2], "--into", lake]).status == 0)
        #expect(tmux.waitFor("6,000 of 6,000"), "\(tmux.screen)")
        try tmux.keys("x")
        var exported: String? = nil
        for _ in 0..<100 where exported == nil {
            exported = (try? FileManager.default.contentsOfDirectory(atPath: out))?.first { $0.hasSuffix(".json") }
            if exported == nil { Thread.sleep(forTimeInterval: 0.1) }
        }
        let json = try String(contentsOfFile: out + "/" + (exported ?? "none"), encoding: .utf8)
        var shown = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        shown["source"] = nil
        let reported = try JSONSerialization.jsonObject(with: Data(Self.figures([lake]).utf8)) as! [String: Any]
        #expect(shown as NSDictionary == reported as NSDictionary)
        try tmux.keys("q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen)")
    }

    @Test("a lake's report equals the file's — whole, landed in two parts, in a window, compacted, and from Parquet")
    func sameFigures() throws {
        let scratch = try Scratch()
        let csv = scratch.path("month.csv")
        _ = try Binary.run(["generate", "--rows", "120000", "--days", "20", "--bots", "3", "--out", csv])
        let whole = scratch.path("whole")
        let landed = try Binary.run(["ingest", csv, "--into", whole])
        #expect(landed.status == 0, "\(landed.stderr)")
        #expect(landed.stdout.hasPrefix("landed \(csv): 120,000 rows in 20 day segment(s)"))
        #expect(try Self.figures([whole]) == Self.figures([csv]))
        let window = ["--from", "2019-10-05 06:00", "--to", "2019-10-12"]
        #expect(try Self.figures([whole] + window) == Self.figures([csv] + window))

        // Two landings that share a day (2019-10-10 split at noon), then compacted into one a day.
        let (a, b) = (scratch.path("a.csv"), scratch.path("b.csv"))
        try Self.split(csv, at: "2019-10-10 12", into: a, b)
        let parts = scratch.path("parts")
        #expect(try Binary.run(["ingest", a, b, "--into", parts]).status == 0)
        #expect(try Self.figures([parts]) == Self.figures([csv]))
        let described = try Binary.run(["lake", "describe", parts]).stdout
        #expect(described.contains("120,000 rows in 20 day(s), 21 segment(s)"))
        #expect(try Binary.run(["lake", "compact", parts]).stdout.contains("merged 2 segment(s); 20 now"))
        #expect(try Self.figures([parts]) == Self.figures([csv]))

        // Parquet in: an export of the file, landed, reads the same.
        let parquet = scratch.path("parquet")
        #expect(try Binary.run(["export", csv, "--parquet", parquet]).status == 0)
        let fromParquet = scratch.path("from-parquet")
        #expect(try Binary.run(["ingest", parquet, "--into", fromParquet]).status == 0)
        #expect(try Self.figures([fromParquet]) == Self.figures([csv]))

        // The real rows.
        let real = scratch.path("real")
        #expect(try Binary.run(["ingest", Binary.sample, "--into", real]).status == 0)
        #expect(try Self.figures([real, "--min-views", "5"]) == Self.figures([Binary.sample, "--min-views", "5"]))
    }

    @Test(
        "replay LAKE puts the lake's rows on a stream as the dataset's CSV rows: the stream reports the file's figures")
    func replayLake() throws {
        let scratch = try Scratch()
        let lake = scratch.path("lake")
        #expect(try Binary.run(["ingest", Binary.sample, "--into", lake]).status == 0)
        let stream = scratch.path("stream")
        _ = try Binary.run(["stream", "create", stream, "--shards", "2"])
        let replay = try Binary.run(["replay", lake, "--stream", stream, "--max"])
        #expect(replay.status == 0 && replay.stderr.contains("sent 1000 records"), "\(replay.stderr)")
        #expect(
            try Self.figures(["--stream", stream, "--min-views", "5"])
                == Self.figures([Binary.sample, "--min-views", "5"]))
        // And a lake copied into another through the same text.
        let copy = scratch.path("copy")
        #expect(try Binary.run(["ingest", lake, "--into", copy]).status == 0)
        #expect(try Self.figures([copy, "--min-views", "5"]) == Self.figures([Binary.sample, "--min-views", "5"]))
    }

    @Test("the same file landed twice is held once; --keep-days drops the oldest days")
    func onceAndKeep() throws {
        let scratch = try Scratch()
        let csv = scratch.path("month.csv")
        _ = try Binary.run(["generate", "--rows", "30000", "--days", "10", "--out", csv])
        let lake = scratch.path("lake")
        #expect(try Binary.run(["ingest", csv, "--into", lake]).status == 0)
        let again = try Binary.run(["ingest", csv, "--into", lake])
        #expect(again.status == 0)
        #expect(again.stderr.contains("skipped \(csv): already in the lake (30,000 rows"))
        #expect(try Binary.run(["lake", "describe", lake]).stdout.contains("30,000 rows in 10 day(s)"))
        let kept = try Binary.run(["lake", "compact", lake, "--keep-days", "3"])
        #expect(kept.stdout.contains("dropped 7 day(s)"))
        let report = try Binary.run(["report", lake, "--format", "json"])
        let days =
            (try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as! [String: Any])[
                "visitors_per_day"] as! [[String: Any]]
        #expect(days.map { $0["day"] as! String } == ["2019-10-08", "2019-10-09", "2019-10-10"])
    }

    @Test("a damaged segment, a missing one, a directory that is not a lake: one line naming the file, exit 1")
    func damage() throws {
        let scratch = try Scratch()
        let lake = scratch.path("lake")
        #expect(try Binary.run(["ingest", Binary.sample, "--into", lake]).status == 0)
        let segment = lake + "/day=2019-10-01/part-000001.seg"
        var bytes = [UInt8](FileManager.default.contents(atPath: segment)!)
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: segment))
        let damaged = try Binary.run(["report", lake])
        #expect(damaged.status != 0 && damaged.stdout.isEmpty)
        #expect(damaged.stderr.contains("part-000001.seg: damaged lake segment"), "\(damaged.stderr)")
        try FileManager.default.removeItem(atPath: segment)
        let missing = try Binary.run(["report", lake])
        #expect(missing.stderr.contains("part-000001.seg: listed in the manifest but cannot be read"))
        let notLake = try Binary.run(["lake", "describe", scratch.path("")])
        #expect(notLake.status != 0 && notLake.stderr.contains("not an ecomdash lake"))
        let mixed = try Binary.run(["report", lake, Binary.sample])
        #expect(mixed.status != 0 && mixed.stderr.contains("a lake is read alone"))
    }

    @Test("a lake whose creation was killed before its first manifest was in place is made again")
    func killedCreation() throws {
        let scratch = try Scratch()
        let lake = scratch.path("lake")
        try FileManager.default.createDirectory(atPath: lake, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: lake + "/manifest.json.tmp", contents: Data("{\"sour".utf8))
        let r = try Binary.run(["ingest", Binary.sample, "--into", lake])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try Self.figures([lake]) == Self.figures([Binary.sample]))
    }

    @Test("a file that cannot be landed leaves no lake behind where there was none, and an existing lake as it was")
    func failedLandingLeavesNothing() throws {
        let scratch = try Scratch()
        let bad = scratch.path("bad.csv")
        try "a,b\n1,2\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let fresh = scratch.path("fresh")
        let r = try Binary.run(["ingest", bad, "--into", fresh])
        #expect(r.status == 1 && r.stderr.contains("bad.csv: not landed"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fresh))
        let empty = scratch.path("empty")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        #expect(try Binary.run(["ingest", bad, "--into", empty]).status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty).isEmpty, "the user's directory stays, empty")
        let lake = scratch.path("lake")
        #expect(try Binary.run(["ingest", Binary.sample, "--into", lake]).status == 0)
        #expect(try Binary.run(["ingest", bad, "--into", lake]).status == 1)
        #expect(try Self.figures([lake]) == Self.figures([Binary.sample]))
    }

    /// The sources a lake's manifest lists.
    static func landed(_ lake: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: lake + "/manifest.json") else { return [] }
        let manifest = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (manifest["sources"] as! [[String: Any]]).map { $0["path"] as! String }
    }

    @Test(
        "50 SIGKILLs at random moments of an ingest of four files: the lake always reopens with exactly the files reported landed"
    )
    func killedIngests() throws {
        let scratch = try Scratch()
        var files: [String] = []
        for i in 0..<4 {
            let f = scratch.path("part-\(i).csv")
            _ = try Binary.run(["generate", "--rows", "40000", "--days", "3", "--seed", "\(i + 1)", "--out", f])
            files.append(f)
        }
        let lake = scratch.path("lake")
        // How long a whole ingest takes here, so the kills land before, during and after landings.
        let started = Date()
        _ = try Binary.run(["ingest"] + files + ["--into", scratch.path("timing")])
        let runTime = Date().timeIntervalSince(started)
        var rng = SystemRandomNumberGenerator()
        var interrupted = 0
        var reported: Set<String> = []
        for i in 0..<50 {
            // Once every file is in, start a new lake, so that kills keep landing mid-ingest.
            if try Self.landed(lake).count == files.count {
                try FileManager.default.removeItem(atPath: lake)
                reported = []
            }
            let out = scratch.path("ingest-\(i).out")
            FileManager.default.createFile(atPath: out, contents: nil)
            let p = Process()
            p.executableURL = Binary.url
            p.arguments = ["ingest"] + files + ["--into", lake]
            p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0...runTime, using: &rng))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            if p.terminationReason == .uncaughtSignal { interrupted += 1 }
            for line in try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            where line.hasPrefix("landed ") {
                reported.insert(String(line.dropFirst(7).prefix { $0 != ":" }))
            }
            // The lake opens, holds every file reported landed, none twice, and reads whole.
            let held = try Self.landed(lake)
            #expect(reported.isSubset(of: Set(held)), "run \(i): reported \(reported), held \(held)")
            #expect(Set(held).count == held.count, "run \(i): a file held twice: \(held)")
            if !held.isEmpty {
                let r = try Binary.run(["report", lake, "--format", "json"])
                #expect(r.status == 0, "run \(i): \(r.stderr)")
                let rows = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any])["source"]
                #expect(((rows as! [String: Any])["rows"] as! Int) == held.count * 40_000, "run \(i)")
            }
        }
        #expect(interrupted > 10, "most kills land mid-ingest: \(interrupted)")
        #expect(try Binary.run(["ingest"] + files + ["--into", lake]).status == 0)
        #expect(try Self.figures([lake]) == Self.figures(files))
    }
}

/// `ingest --stream`: a shard log landed in a lake exactly once, however often the landing is killed.
@Suite("ingest --stream")
struct LakeStreamCLITests {
    @Test(
        "landing again lands only what is new; 20 SIGKILLs of a following landing while a producer writes lose and double nothing"
    )
    func exactlyOnce() throws {
        let scratch = try Scratch()
        let stream = scratch.path("stream")
        _ = try Binary.run(["stream", "create", stream, "--shards", "4"])
        _ = try Binary.run(["replay", Binary.sample, "--stream", stream, "--max", "--loop", "3"])
        let lake = scratch.path("lake")
        let first = try Binary.run(["ingest", "--stream", stream, "--into", lake])
        #expect(first.stdout.hasPrefix("landed 3,000 rows from \(stream)"), "\(first.stdout) \(first.stderr)")
        #expect(try Binary.run(["ingest", "--stream", stream, "--into", lake]).stdout.hasPrefix("nothing new"))

        let producer = Process()
        producer.executableURL = Binary.url
        producer.arguments = ["replay", Binary.sample, "--stream", stream, "--rate", "3000", "--loop", "10"]
        producer.standardOutput = FileHandle.nullDevice
        producer.standardError = FileHandle.nullDevice
        try producer.run()
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let p = Process()
            p.executableURL = Binary.url
            p.arguments = ["ingest", "--stream", stream, "--into", lake, "--follow", "--interval", "0.1"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.6, using: &rng))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        producer.waitUntilExit()
        _ = try Binary.run(["ingest", "--stream", stream, "--into", lake])
        #expect(
            try LakeCLITests.figures([lake, "--min-views", "5"])
                == LakeCLITests.figures(["--stream", stream, "--min-views", "5"]))
        let report = try Binary.run(["report", lake, "--format", "json"])
        let source = (try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as! [String: Any])["source"]
        #expect(((source as! [String: Any])["rows"] as! Int) == 13_000)
    }
}
