import Foundation
import Testing

/// Parquet as input: files and Hive-partitioned datasets written by pyarrow in its default and
/// other settings give the same report as the CSV they came from; damaged files give one line.
@Suite("reading Parquet written by pyarrow")
struct ParquetReadCLITests {
    static let pythonReady = ParquetExportCLITests.pythonReady

    /// The report's figures without `source` (which names the input).
    static func figures(_ arguments: [String]) throws -> (NSDictionary, rows: Int, stderr: String) {
        let r = try Binary.run(["report"] + arguments + ["--format", "json"])
        guard r.status == 0 else { return ([:], -1, r.stderr) }
        var o = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let rows = (o["source"] as! [String: Any])["rows"] as! Int
        o["source"] = nil
        return (o as NSDictionary, rows, r.stderr)
    }

    /// Writes the real rows as Parquet with pyarrow: `script` gets `t` (the table, as pyarrow
    /// reads the CSV), `pq`, `pa` and `out` (a directory).
    static func pyarrow(_ script: String, into dir: String) throws {
        let program = """
            import sys, pyarrow as pa, pyarrow.csv as pc, pyarrow.parquet as pq
            out = sys.argv[2]
            t = pc.read_csv(sys.argv[1])
            \(script)
            """
        let r = try ParquetExportCLITests.python(["-c", program, Binary.sample, dir])
        #expect(r.status == 0, "\(r.output)")
    }

    @Test(
        "pyarrow's default file, data pages v2 with ZSTD, GZIP without dictionaries, small row groups uncompressed, timestamps and decimals, datasets partitioned by category_id and by brand (nulls in __HIVE_DEFAULT_PARTITION__): each reports as the CSV",
        .enabled(if: pythonReady, "python3 with pyarrow (.ci/run installs it)"))
    func pyarrowFiles() throws {
        let scratch = try Scratch()
        let dir = scratch.path("pq")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.pyarrow(
            """
            pq.write_table(t, out + '/default.parquet')
            pq.write_table(t, out + '/v2-zstd.parquet', data_page_version='2.0', compression='zstd')
            pq.write_table(t, out + '/gzip.parquet', compression='gzip', use_dictionary=False)
            pq.write_table(t, out + '/none.parquet', compression='none', row_group_size=300)
            typed = t.set_column(0, 'event_time', pc.read_csv(sys.argv[1], convert_options=pc.ConvertOptions(
                timestamp_parsers=['%Y-%m-%d %H:%M:%S UTC'])).column('event_time'))
            typed = typed.set_column(6, 'price', typed.column('price').cast(pa.decimal128(10, 2)))
            pq.write_table(typed, out + '/typed.parquet')
            pq.write_to_dataset(t, out + '/by-category', partition_cols=['category_id'])
            import pyarrow.compute as pcomp
            nulls = pcomp.if_else(pcomp.equal(t['brand'], ''), pa.scalar(None, pa.string()), t['brand'])
            pq.write_to_dataset(t.set_column(5, 'brand', nulls), out + '/by-brand', partition_cols=['brand'])
            """, into: dir)
        let expected = try Self.figures([Binary.sample])
        for name in [
            "default.parquet", "v2-zstd.parquet", "gzip.parquet", "none.parquet", "typed.parquet", "by-category",
            "by-brand",
        ] {
            let got = try Self.figures([dir + "/" + name])
            #expect(got.rows == 1000, "\(name): \(got.stderr)")
            #expect(got.0 == expected.0, "\(name) reports differently from the CSV")
        }
    }

    @Test(
        "ecomdash's own export reads back to the same report (both months, ZSTD)",
        .enabled(if: pythonReady, "python3 with pyarrow (.ci/run installs it)"))
    func ownExport() throws {
        let scratch = try Scratch()
        let csv = scratch.path("events.csv")
        _ = try Binary.run(["generate", "--rows", "80000", "--days", "61", "--out", csv])
        _ = try Binary.run(["export", csv, "--parquet", scratch.path("lake"), "--compression", "zstd"])
        let a = try Self.figures([csv])
        let b = try Self.figures([scratch.path("lake")])
        #expect(b.rows == 80000 && a.0 == b.0, "\(b.stderr)")
    }

    @Test(
        "damaged Parquet: one line naming the file and what is wrong, exit 1, never a crash",
        .enabled(if: pythonReady, "python3 with pyarrow (.ci/run installs it)"))
    func damaged() throws {
        let scratch = try Scratch()
        let dir = scratch.path("pq")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.pyarrow(
            """
            pq.write_table(t, out + '/good.parquet', compression='snappy')
            pq.write_table(t, out + '/lz4.parquet', compression='lz4')
            """, into: dir)
        let good = try Data(contentsOf: URL(fileURLWithPath: dir + "/good.parquet"))
        func damaged(_ name: String, _ bytes: Data) throws -> String {
            let path = scratch.path(name)
            try bytes.write(to: URL(fileURLWithPath: path))
            return path
        }
        var badMagic = good
        badMagic[0] = 0x51
        var pagePastEnd = good
        // The first page header's compressed size (field 3) made huge: its zigzag varint follows
        // the header's first two fields; overwrite the first bytes after the magic with a header
        // claiming 2^31 bytes.
        pagePastEnd.replaceSubrange(4..<12, with: [0x15, 0x00, 0x15, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F])
        var scrambledFooter = good
        let footerEnd = good.count - 8
        for k in (footerEnd - 40)..<footerEnd { scrambledFooter[k] = 0xFF }
        let cases: [(String, String)] = [
            (try damaged("magic.parquet", badMagic), "not a Parquet file"),
            (try damaged("cut.parquet", good.prefix(good.count - 100)), "cut short"),
            (try damaged("page.parquet", pagePastEnd), "page"),
            (try damaged("footer.parquet", scrambledFooter), "footer"),
            (dir + "/lz4.parquet", "LZ4_RAW"),
            (scratch.path("empty-dir"), "no .parquet file"),
        ]
        try FileManager.default.createDirectory(atPath: scratch.path("empty-dir"), withIntermediateDirectories: true)
        for (path, expected) in cases {
            let r = try Binary.run(["report", path, "--format", "json"])
            let lines = r.stderr.split(separator: "\n")
            #expect(r.status == 1, "\(path): \(r.stderr)")
            #expect(r.stdout.isEmpty)
            #expect(lines.count == 1 && r.stderr.contains(path) && r.stderr.contains(expected), "\(path): \(r.stderr)")
        }
    }

    @Test("every input the Parquet fuzzer crashed on (Tests/Data/parquet-fuzz) is now one line and exit 1")
    func fuzzFindings() throws {
        let dir = URL(fileURLWithPath: Binary.sample).deletingLastPathComponent().appendingPathComponent("parquet-fuzz")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(!files.isEmpty)
        for name in files {
            let path = dir.appendingPathComponent(name).path
            let r = try Binary.run(["report", path, "--format", "json"])
            #expect(r.status == 1, "\(name): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(path), "\(name): \(r.stderr)")
        }
    }
}
