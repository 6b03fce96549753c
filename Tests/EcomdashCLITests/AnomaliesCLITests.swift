import Foundation
import Testing

/// `report`'s `anomalies` section: on a generated month with one hour inflated twentyfold and one
/// hour removed, the anomalous hours equal an independent computation of the rule in Python over
/// DuckDB's hourly counts (tools/duckdb_report.py), and both planted hours are among them.
@Suite("report anomalies against DuckDB")
struct AnomaliesCLITests {
    /// A generated month with a spike at 2019-10-15 14h (every row of the hour twenty times) and a
    /// gap at 2019-10-20 14h (its rows gone).
    static func plantedMonth(_ scratch: Scratch) throws -> String {
        let plain = scratch.path("plain.csv")
        _ = try Binary.run(["generate", "--rows", "150000", "--days", "30", "--out", plain])
        var out = ""
        for line in try String(contentsOfFile: plain, encoding: .utf8).split(separator: "\n") {
            if line.hasPrefix("2019-10-20 14:") { continue }
            let copies = line.hasPrefix("2019-10-15 14:") ? 20 : 1
            for _ in 0..<copies { out += line + "\n" }
        }
        let csv = scratch.path("planted.csv")
        try out.write(toFile: csv, atomically: true, encoding: .utf8)
        return csv
    }

    /// The anomalies as comparable lines: hour, metric, value, usual, direction (scores apart);
    /// numbers compared as numbers (`3474.80` and `3474.8` are one value).
    static func lines(_ list: [[String: Any]]) -> [String] {
        list.map { a in
            ["hour", "metric", "value", "usual", "direction"].map { key in
                let text = CompareCLITests.text(a[key])
                return Double(text).map { String($0) } ?? text
            }
            .joined(separator: " ")
        }
    }

    @Test(
        "the planted spike and gap are found, and every anomaly equals the independent computation",
        .enabled(if: ParquetExportCLITests.pythonReady, "python3 with duckdb (.ci/run installs it)"))
    func plantedHours() throws {
        let scratch = try Scratch()
        let csv = try Self.plantedMonth(scratch)
        for window in [[String](), ["--from", "2019-10-08", "--to", "2019-10-29"]] {
            let r = try Binary.run(["report", csv, "--format", "json"] + window)
            #expect(r.status == 0, "\(r.stderr)")
            let mine = try CompareCLITests.json(r.stdout)["anomalies"] as! [[String: Any]]
            let o = try ParquetExportCLITests.python([ParquetExportCLITests.tools + "/duckdb_report.py", csv] + window)
            #expect(o.status == 0, "\(o.output)")
            let theirs = try CompareCLITests.json(o.output)["anomalies"] as! [[String: Any]]
            #expect(Self.lines(mine) == Self.lines(theirs), "\(window)")
            for (a, b) in zip(mine, theirs) {
                let (x, y) = (Double(CompareCLITests.text(a["score"]))!, Double(CompareCLITests.text(b["score"]))!)
                #expect(abs(x - y) < 0.011, "score of \(a)")
            }
            let found = Self.lines(mine)
            #expect(found.contains { $0.hasPrefix("2019-10-15T14:00:00Z events") && $0.hasSuffix("above") })
            #expect(found.contains { $0.hasPrefix("2019-10-20T14:00:00Z events 0.0 ") && $0.hasSuffix("below") })
        }
        let table = try Binary.run(["report", csv])
        #expect(table.stdout.contains("Anomalous hours"))
        #expect(table.stdout.contains("2019-10-15T14:00:00Z  events"))
        let section = try Binary.run(["report", csv, "--format", "csv", "--section", "anomalies"])
        #expect(section.stdout.hasPrefix("hour,metric,value,usual,score,direction\n"))
        #expect(section.stdout.contains("2019-10-20T14:00:00Z,events,0,"))
    }
}
