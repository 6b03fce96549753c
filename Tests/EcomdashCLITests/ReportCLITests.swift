import Foundation
import Testing

@Suite("ecomdash report and generate, as a user runs them")
struct ReportCLITests {
    @Test("the binary is built next to the tests")
    func binaryExists() {
        #expect(
            FileManager.default.isExecutableFile(atPath: Binary.url.path), "run `swift build` first: \(Binary.url.path)"
        )
    }

    @Test("report on the real rows prints every section; JSON has the contract's keys")
    func realRows() throws {
        let table = try Binary.run(["report", Binary.sample])
        #expect(table.status == 0)
        #expect(table.stdout.contains("Unique visitors per day"))
        #expect(table.stdout.contains("2,387.84"))
        #expect(table.stderr.isEmpty)
        let json = try Binary.run(["report", Binary.sample, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        for key in [
            "source", "visitors_per_day", "abandonment", "categories_by_hour", "categories_by_weekday", "brands",
            "alerts",
        ] {
            #expect(object[key] != nil, "\(key)")
        }
    }

    @Test("a missing file, a wrong header: one clear line, non-zero exit, nothing on stdout")
    func badInputs() throws {
        let dir = try Scratch()
        try "x,y\n1,2\n".write(toFile: dir.path("wrong.csv"), atomically: true, encoding: .utf8)
        for (file, words) in [(dir.path("nope.csv"), "No such file"), (dir.path("wrong.csv"), "expected the header")] {
            let r = try Binary.run(["report", file])
            #expect(r.status != 0)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains(file) && r.stderr.contains(words), "\(r.stderr)")
            #expect(!r.stderr.contains("Fatal error"))
        }
    }

    @Test("rejected rows are listed as file:line: reason and kept, byte for byte, in the rejects file")
    func rejects() throws {
        let dir = try Scratch()
        let rows = try String(contentsOfFile: Binary.sample, encoding: .utf8).split(separator: "\n").prefix(4).joined(
            separator: "\n")
        try (rows + "\n2019-10-01 00:00:00 UTC,teleport,1,2,,,1.00,3,s\n").write(
            toFile: dir.path("bad.csv"), atomically: true, encoding: .utf8)
        let r = try Binary.run(["report", dir.path("bad.csv"), "--rejects", dir.path("rejects.csv")])
        #expect(r.status == 0)
        #expect(r.stderr.contains("\(dir.path("bad.csv")):5: unknown event_type 'teleport'"))
        let kept = try String(contentsOfFile: dir.path("rejects.csv"), encoding: .utf8)
        #expect(kept.hasPrefix("file,line,reason,row\n"))
        #expect(kept.contains("\"2019-10-01 00:00:00 UTC,teleport,1,2,,,1.00,3,s\""))
        // Without --rejects they go to ./ecomdash-rejects.csv, and only when a row is rejected.
        _ = try Binary.run(["report", dir.path("bad.csv")], in: dir.url)
        #expect(FileManager.default.fileExists(atPath: dir.path("ecomdash-rejects.csv")))
        let clean = try Scratch()
        _ = try Binary.run(["report", Binary.sample], in: clean.url)
        #expect(!FileManager.default.fileExists(atPath: clean.path("ecomdash-rejects.csv")))
    }

    @Test("CSV output names its section; a missing or unknown one is a usage error listing them")
    func csv() throws {
        let ok = try Binary.run(["report", Binary.sample, "--format", "csv", "--section", "visitors_per_day"])
        #expect(ok.stdout == "day,visitors,sessions,events,purchases,revenue\n2019-10-01,330,372,1000,10,2387.84\n")
        let missing = try Binary.run(["report", Binary.sample, "--format", "csv"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("--section") && missing.stderr.contains("categories_by_hour"))
        let bad = try Binary.run(["report", Binary.sample, "--from", "last tuesday"])
        #expect(bad.status != 0 && bad.stderr.contains("--from"))
    }

    @Test("generate is deterministic per seed, writes exactly --rows rows, and report reads it back, also gzipped")
    func generate() throws {
        let dir = try Scratch()
        let a = try Binary.run(["generate", "--rows", "5000", "--seed", "9", "--out", dir.path("a.csv")])
        _ = try Binary.run(["generate", "--rows", "5000", "--seed", "9", "--out", dir.path("b.csv")])
        _ = try Binary.run(["generate", "--rows", "5000", "--seed", "10", "--out", dir.path("c.csv")])
        _ = try Binary.run(["generate", "--rows", "5000", "--seed", "9", "--out", dir.path("a.csv.gz")])
        #expect(a.status == 0)
        let fa = try Data(contentsOf: URL(fileURLWithPath: dir.path("a.csv")))
        #expect(fa == (try Data(contentsOf: URL(fileURLWithPath: dir.path("b.csv")))))
        #expect(fa != (try Data(contentsOf: URL(fileURLWithPath: dir.path("c.csv")))))
        #expect(String(decoding: fa, as: UTF8.self).split(separator: "\n").count == 5001)
        let plain = try Binary.run(["report", dir.path("a.csv"), "--format", "csv", "--section", "brands"])
        let gzipped = try Binary.run(["report", dir.path("a.csv.gz"), "--format", "csv", "--section", "brands"])
        #expect(plain.status == 0 && !plain.stdout.isEmpty)
        #expect(plain.stdout == gzipped.stdout)
        let stdout = try Binary.run(["generate", "--rows", "3"])
        #expect(stdout.stdout.split(separator: "\n").count == 4)
    }

    @Test("--help explains formats, sections and where rejects go")
    func help() throws {
        let r = try Binary.run(["report", "--help"])
        #expect(r.stdout.contains("ecomdash-rejects.csv"))
        #expect(r.stdout.contains("--section"))
        #expect(r.stdout.contains("--category-level"))
    }
}
