import Foundation
import Testing

/// `ecomdash export --parquet`, read back by real implementations: pyarrow value by value
/// (tools/check_parquet_export.py, which reads the CSV with Python's csv module) and DuckDB's
/// figures (tools/duckdb_report.py) against ecomdash's report on the CSV.
@Suite("export to Parquet, read by pyarrow and DuckDB")
struct ParquetExportCLITests {
    static let tools = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../tools").standardized.path

    /// pyarrow and duckdb importable by python3 (`.ci/run` installs them).
    static let pythonReady: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import pyarrow, duckdb"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// Runs a tool script; returns its exit status and what it printed.
    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// pyarrow finds every value of `csv` in `dir`; DuckDB's figures on `dir` equal ecomdash's on `csv`.
    static func checkAgainst(_ csv: String, _ dir: String, scratch: Scratch) throws {
        let values = try python([tools + "/check_parquet_export.py", dir, csv])
        #expect(values.status == 0, "\(values.output)")
        let mine = try Binary.run(["report", csv, "--format", "json"])
        try mine.stdout.write(toFile: scratch.path("mine.json"), atomically: true, encoding: .utf8)
        let duck = try python([tools + "/duckdb_report.py", dir])
        #expect(duck.status == 0, "\(duck.output)")
        try duck.output.write(toFile: scratch.path("duck.json"), atomically: true, encoding: .utf8)
        let compared = try python([tools + "/compare_reports.py", scratch.path("mine.json"), scratch.path("duck.json")])
        #expect(compared.status == 0, "\(compared.output)")
    }

    @Test(
        "the real rows: pyarrow reads every value back, DuckDB's figures on the files equal the report on the CSV",
        .enabled(if: pythonReady, "python3 with pyarrow and duckdb (.ci/run installs them)"))
    func realRows() throws {
        let scratch = try Scratch()
        let dir = scratch.path("lake")
        let r = try Binary.run(["export", Binary.sample, "--parquet", dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == dir + "/p_year=2019/p_month=10/part-00000.parquet\n")
        #expect(r.stderr.contains("exported 1,000 rows into 1 file(s)"))
        try Self.checkAgainst(Binary.sample, dir, scratch: scratch)
    }

    @Test(
        "two months, small row groups, each codec: one partition a month, every value and figure equal",
        .enabled(if: pythonReady, "python3 with pyarrow and duckdb (.ci/run installs them)"),
        arguments: ["snappy", "zstd", "none"])
    func twoMonths(codec: String) throws {
        let scratch = try Scratch()
        let csv = scratch.path("events.csv")
        _ = try Binary.run(["generate", "--rows", "120000", "--days", "61", "--out", csv])
        let dir = scratch.path("lake")
        let r = try Binary.run(["export", csv, "--parquet", dir, "--compression", codec, "--row-group-rows", "7000"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.split(separator: "\n").map { $0.split(separator: "/").suffix(3).joined(separator: "/") } == [
                "p_year=2019/p_month=10/part-00000.parquet", "p_year=2019/p_month=11/part-00000.parquet",
            ])
        try Self.checkAgainst(csv, dir, scratch: scratch)
    }

    @Test(
        "values the fast paths do not cover: sessions that are not UUIDs, quoted fields, empty strings as nulls",
        .enabled(if: pythonReady, "python3 with pyarrow and duckdb (.ci/run installs them)"))
    func unusualValues() throws {
        let scratch = try Scratch()
        let csv = scratch.path("odd.csv")
        try #"""
        event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
        2019-10-31 23:59:59 UTC,view,1,2053013552326770905,,"acme, inc.",0.00,10,session-one
        2019-11-01 00:00:00 UTC,cart,9223372036854775807,2053013552326770905,a.b,"say ""hi""",999999.99,10,
        2019-11-01 00:00:01 UTC,purchase,1,2,a.b,,1.5,10,72D76FDE-8BB3-4E00-8C23-A032DFED738C
        2019-11-01 00:00:02 UTC,remove_from_cart,1,2,a.b,zz,1.50,11,00000000-0000-0000-0000-000000000000

        """#.write(toFile: csv, atomically: true, encoding: .utf8)
        let dir = scratch.path("lake")
        let r = try Binary.run(["export", csv, "--parquet", dir])
        #expect(r.status == 0, "\(r.stderr)")
        let values = try Self.python([Self.tools + "/check_parquet_export.py", dir, csv])
        #expect(values.status == 0, "\(values.output)")
    }

    @Test("a directory that is not empty is refused before anything is read or written")
    func refusesNonEmptyDirectory() throws {
        let scratch = try Scratch()
        let dir = scratch.path("lake")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "x".write(toFile: dir + "/keep.txt", atomically: true, encoding: .utf8)
        let r = try Binary.run(["export", Binary.sample, "--parquet", dir])
        #expect(r.status != 0)
        #expect(r.stderr.contains("not empty"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["keep.txt"])
        let codec = try Binary.run(["export", Binary.sample, "--parquet", scratch.path("x"), "--compression", "lz4"])
        #expect(codec.status != 0 && codec.stderr.contains("'snappy', 'zstd' or 'none'"), "\(codec.stderr)")
    }
}
