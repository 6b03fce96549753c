import Foundation
import Testing

/// What used to lose or damage data with exit 0, tried as a user would (issue: hardening).
@Suite("No silent loss: outputs, producers, messages")
struct HardeningCLITests {
    @Test("an output path that is one of the inputs is refused, and the input stays as it was")
    func outputIsInput() throws {
        let dir = try Scratch()
        let input = dir.path("in.csv")
        let text = try String(contentsOfFile: Binary.sample, encoding: .utf8) + "not,a,row\n"
        try text.write(toFile: input, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.path("alias.csv"), withDestinationPath: input)
        for args in [
            ["report", input, "--rejects", input], ["report", input, "--rejects", dir.path("alias.csv")],
            ["report", input, "--alerts-jsonl", "./in.csv"],
        ] {
            let r = try Binary.run(args, in: dir.url)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains("names an input"), "\(r.stderr)")
            #expect(try String(contentsOfFile: input, encoding: .utf8) == text)
        }
    }

    @Test("terminal escapes and control bytes in a rejected row are shown escaped")
    func escapesInMessages() throws {
        let dir = try Scratch()
        let input = dir.path("esc.csv")
        let header = "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n"
        let evil = "2019-10-01 00:00:00 UTC,\u{1B}]0;pwned\u{07}\u{1B}[2J,1,2,,,1.00,3,\n"
        try (header + evil).write(toFile: input, atomically: true, encoding: .utf8)
        let r = try Binary.run(["report", input, "--rejects", dir.path("rejects.csv")])
        #expect(r.stderr.contains(#"unknown event_type '\e]0;pwned\u{7}\e[2J'"#), "\(r.stderr)")
        #expect(!r.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        // The rejects file keeps the row byte for byte: nothing lost.
        let kept = try String(contentsOfFile: dir.path("rejects.csv"), encoding: .utf8)
        #expect(kept.contains("\u{1B}]0;pwned"))
    }

    @Test("an id with more digits than 64 bits hold is called too large, not 'not a whole number'")
    func idOutOfRange() throws {
        let dir = try Scratch()
        let input = dir.path("big.csv")
        let header = "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n"
        try (header + "2019-10-01 00:00:00 UTC,view,1,2,,,1.00,99999999999999999999999,\n")
            .write(toFile: input, atomically: true, encoding: .utf8)
        let r = try Binary.run(["report", input, "--rejects", dir.path("r.csv")])
        #expect(r.stderr.contains("user_id '99999999999999999999999' is too large"), "\(r.stderr)")
    }

    @Test("a second replay under a producer name already running is refused; the first one's rows are sent once")
    func producerNameHeldOnce() throws {
        let dir = try Scratch()
        let stream = dir.path("s")
        #expect(try Binary.run(["stream", "create", stream, "--shards", "2"]).status == 0)
        // The first replay paces 1,000 rows at 200 a second: it holds the name for about 5 s.
        let first = Process()
        first.executableURL = Binary.url
        first.arguments = ["replay", Binary.sample, "--stream", stream, "--producer", "shop", "--rate", "200"]
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        Thread.sleep(forTimeInterval: 1.0)
        let second = try Binary.run(["replay", Binary.sample, "--stream", stream, "--producer", "shop", "--max"])
        #expect(second.status != 0)
        #expect(second.stderr.contains("producer 'shop' is already running"), "\(second.stderr)")
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        let report = try Binary.run(["report", "--stream", stream, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any]
        let source = object?["source"] as? [String: Any]
        #expect(source?["rows"] as? Int == 1000)
        // Once the first has ended the name is free again, and a rerun sends nothing twice.
        let rerun = try Binary.run(["replay", Binary.sample, "--stream", stream, "--producer", "shop", "--max"])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let again = try Binary.run(["report", "--stream", stream, "--format", "json"])
        let againSource = (try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])?["source"]
        #expect((againSource as? [String: Any])?["rows"] as? Int == 1000)
    }
}

@Suite("Alert commands stay out of the way")
struct AlertCommandCLITests {
    @Test("an --on-alert command's output goes to its log, not into the report; slow ones run side by side")
    func alertCommandOutput() throws {
        let dir = try Scratch()
        let input = dir.path("bots.csv")
        #expect(
            try Binary.run(["generate", "--rows", "20000", "--days", "2", "--bots", "3", "--out", input]).status == 0)
        let started = Date()
        let r = try Binary.run([
            "report", input, "--format", "json", "--on-alert", "sh -c 'echo ALERT-OUTPUT; sleep 2'",
            "--on-alert-log", dir.path("alerts.log"),
        ])
        let elapsed = Date().timeIntervalSince(started)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("ALERT-OUTPUT"))
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let alerts = try #require(object?["alerts"] as? [Any])
        #expect(alerts.count >= 3)
        let log = try String(contentsOfFile: dir.path("alerts.log"), encoding: .utf8)
        #expect(log.components(separatedBy: "ALERT-OUTPUT").count - 1 == alerts.count)
        // Three or more 2-second commands, four at a time: well under their sum.
        #expect(elapsed < Double(2 * alerts.count) - 1, "took \(elapsed) s for \(alerts.count) alerts")
    }
}

/// A full disk during a replay, on a small tmpfs of the test's own (mounting needs root, which CI
/// has; elsewhere the test is skipped and says why).
@Suite("A full disk", .serialized)
struct FullDiskCLITests {
    static func sh(_ command: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    static let canMount: Bool = {
        guard getuid() == 0 else { return false }
        let probe = FileManager.default.temporaryDirectory.appendingPathComponent("ecomdash-mount-probe").path
        try? FileManager.default.createDirectory(atPath: probe, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: probe) }
        guard sh("mount -t tmpfs -o size=1m tmpfs '\(probe)'") == 0 else { return false }
        return sh("umount '\(probe)'") == 0
    }()

    @Test(
        "a replay onto a full disk stops with the reason and a non-zero exit; what it says it sent is exactly what is in the stream",
        .enabled(if: canMount, "needs root and tmpfs mounts"))
    func replayOntoFullDisk() throws {
        let dir = try Scratch()
        let mountPoint = dir.path("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        #expect(Self.sh("mount -t tmpfs -o size=2m tmpfs '\(mountPoint)'") == 0)
        defer { _ = Self.sh("umount '\(mountPoint)'") }
        let stream = mountPoint + "/s"
        #expect(try Binary.run(["stream", "create", stream, "--shards", "2"]).status == 0)
        let r = try Binary.run(["replay", Binary.sample, "--stream", stream, "--max", "--loop", "20"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("No space left on device"), "\(r.stderr)")
        let said = r.stderr.components(separatedBy: "failed after ").dropFirst().first?
            .components(separatedBy: " records").first.flatMap { Int($0) }
        let sent = try #require(said, "\(r.stderr)")
        #expect(sent > 0 && sent < 20_000)
        let report = try Binary.run(["report", "--stream", stream, "--format", "json"])
        let source = (try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])?["source"]
        #expect((source as? [String: Any])?["rows"] as? Int == sent, "acknowledged = in the stream")
    }

    @Test(
        "a landing onto a full disk fails naming the file and the reason; the lake still opens with exactly what it held",
        .enabled(if: canMount, "needs root and tmpfs mounts"))
    func ingestOntoFullDisk() throws {
        let dir = try Scratch()
        let big = dir.path("big.csv")
        _ = try Binary.run(["generate", "--rows", "400000", "--days", "10", "--out", big])
        let mountPoint = dir.path("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        #expect(Self.sh("mount -t tmpfs -o size=3m tmpfs '\(mountPoint)'") == 0)
        defer { _ = Self.sh("umount '\(mountPoint)'") }
        let lake = mountPoint + "/lake"
        #expect(try Binary.run(["ingest", Binary.sample, "--into", lake]).status == 0)
        let r = try Binary.run(["ingest", big, "--into", lake])
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(big): not landed") && r.stderr.contains("No space left on device"), "\(r.stderr)")
        let report = try Binary.run(["report", lake, "--format", "json"])
        #expect(report.status == 0, "\(report.stderr)")
        let source = (try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])?["source"]
        #expect((source as? [String: Any])?["rows"] as? Int == 1000, "the lake holds what it held")
    }
}
