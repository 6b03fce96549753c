import Foundation
import Testing

/// `report --compare`: the key figures of a period beside the previous period's, each equal to an
/// independent DuckDB computation over that period (tools/duckdb_report.py's `kpis`).
@Suite("report --compare against DuckDB")
struct CompareCLITests {
    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    /// DuckDB's key figures over [from, to).
    static func oracle(_ file: String, from: String, to: String) throws -> [String: Any] {
        let r = try ParquetExportCLITests.python([
            ParquetExportCLITests.tools + "/duckdb_report.py", file, "--from", from, "--to", to,
        ])
        #expect(r.status == 0, "\(r.output)")
        return try json(r.output)["kpis"] as! [String: Any]
    }

    /// A figure as text, whatever JSON type carried it.
    static func text(_ v: Any?) -> String {
        switch v {
        case let n as NSNumber: n.stringValue
        case let s as String: s
        default: "null"
        }
    }

    @Test(
        "a week against the week before, and the default last whole day: every KPI equals DuckDB's over that period",
        .enabled(if: ParquetExportCLITests.pythonReady, "python3 with duckdb (.ci/run installs it)"))
    func periods() throws {
        let scratch = try Scratch()
        let csv = scratch.path("events.csv")
        _ = try Binary.run(["generate", "--rows", "150000", "--days", "30", "--out", csv])
        let cases: [([String], current: (String, String), previous: (String, String))] = [
            (
                ["--from", "2019-10-10", "--to", "2019-10-17"], ("2019-10-10", "2019-10-17"),
                ("2019-10-03", "2019-10-10")
            ),
            ([], ("2019-10-30", "2019-10-31"), ("2019-10-29", "2019-10-30")),
        ]
        for (flags, current, previous) in cases {
            let r = try Binary.run(["report", csv, "--compare", "--format", "json"] + flags)
            #expect(r.status == 0, "\(r.stderr)")
            let c = try Self.json(r.stdout)["comparison"] as! [String: Any]
            #expect(Self.text(c["current_from"]) == current.0 + "T00:00:00Z")
            #expect(Self.text(c["previous_to"]) == previous.1 + "T00:00:00Z")
            let kpis = c["kpis"] as! [String: [String: Any]]
            let now = try Self.oracle(csv, from: current.0, to: current.1)
            let before = try Self.oracle(csv, from: previous.0, to: previous.1)
            for name in ["events", "visitors", "sessions", "purchases", "revenue", "conversion", "abandonment_rate"] {
                let k = kpis[name]!
                #expect(Self.text(k["current"]) == Self.text(now[name]), "\(flags) \(name) current")
                #expect(Self.text(k["previous"]) == Self.text(before[name]), "\(flags) \(name) previous")
                let a = Double(Self.text(now[name]))!
                let b = Double(Self.text(before[name]))!
                if b != 0 {
                    // From the unrounded figures: within rounding of the six-decimal ratios.
                    #expect(abs(Double(Self.text(k["change"]))! - (a - b) / b) < 1e-4, "\(name) change")
                }
            }
        }
        let table = try Binary.run(["report", csv, "--compare", "--from", "2019-10-10", "--to", "2019-10-17"])
        #expect(table.stdout.contains("Compared with the period before"))
        #expect(table.stdout.contains("abandonment rate"))
    }
}
