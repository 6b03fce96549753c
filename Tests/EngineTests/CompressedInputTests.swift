import Engine
import Foundation
import Testing

/// Compressed input is either read exactly or refused with the file's name: damaged zip entries
/// (checked against their CRC-32 and size), encrypted entries and unknown methods, damaged gzip
/// members; bytes after a gzip file's last member are ignored with a warning, as `gzip -d` does.
@Suite("Compressed input")
struct CompressedInputTests {
    private var rows: [UInt8] {
        var text = header
        for i in 0..<400 {
            text += goodRow.replacingOccurrences(of: "541312140", with: "\(541_312_140 + i % 37)")
        }
        return Array(text.utf8)
    }

    @Test("a zip entry whose CRC-32 does not match is refused, stored or deflated")
    func zipCRCMismatch() throws {
        let dir = try TemporaryDirectory()
        for deflated in [true, false] {
            let path = try dir.write(
                "bad-\(deflated).zip", Compression.zip([("2019-Oct.csv", rows)], deflated: deflated, crcDelta: 1))
            #expect {
                try ingest([path])
            } throws: { error in
                let text = "\(error)"
                return text.contains("\(path):2019-Oct.csv") && text.contains("damaged zip entry")
                    && text.contains("CRC-32")
            }
        }
    }

    @Test("damaged bytes inside a zip entry are never read as rows")
    func zipDamagedData() throws {
        let dir = try TemporaryDirectory()
        for deflated in [true, false] {
            let archive = Compression.zip([("2019-Oct.csv", rows)], deflated: deflated)
            // The entry's data starts after the 30-byte local header and the 12-byte name.
            let dataStart = 30 + "2019-Oct.csv".utf8.count
            let dataLength = deflated ? Compression.rawDeflate(rows).count : rows.count
            for k in 0..<12 {
                var damaged = archive
                damaged[dataStart + (k * 7919) % dataLength] ^= 0x10
                let path = try dir.write("damaged-\(deflated)-\(k).zip", damaged)
                #expect(throws: IngestError.self, "byte \(k) of a \(deflated ? "deflated" : "stored") entry") {
                    try ingest([path])
                }
            }
        }
    }

    @Test("an encrypted entry and an unknown method get a message that says so")
    func zipUnreadableEntries() throws {
        let dir = try TemporaryDirectory()
        let encrypted = try dir.write("enc.zip", Compression.zip([("a.csv", rows)], flags: 1))
        let bzip2 = try dir.write("bz.zip", Compression.zip([("a.csv", rows)], method: 12))
        for (path, words) in [(encrypted, "is encrypted"), (bzip2, "bzip2")] {
            #expect {
                try ingest([path])
            } throws: { error in
                "\(error)".contains(path) && "\(error)".contains(words)
            }
        }
    }

    @Test("a gzip member with a wrong CRC-32 is refused")
    func gzipCRCMismatch() throws {
        let dir = try TemporaryDirectory()
        var gz = Compression.gzip(rows)
        gz[gz.count - 8] ^= 0x01  // the member's trailer: CRC-32, then the length
        let path = try dir.write("bad.csv.gz", gz)
        #expect {
            try ingest([path])
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("CRC-32")
        }
    }

    @Test("bytes after the last gzip member are ignored with a warning, the rows kept")
    func gzipTrailingGarbage() throws {
        let dir = try TemporaryDirectory()
        for tail in [Array("garbage\n".utf8), [UInt8](repeating: 0, count: 700), [0x1F]] {
            let path = try dir.write("tail.csv.gz", Compression.gzip(rows) + tail)
            let r = try ingest([path])
            #expect(r.summary.rows == 400)
            #expect(r.summary.warnings.count == 1)
            #expect(r.summary.warnings.first?.contains("trailing garbage") == true)
        }
        let clean = try ingest([try dir.write("clean.csv.gz", Compression.gzip(rows))])
        #expect(clean.summary.warnings.isEmpty)
    }

    @Test("a zip of two months and gzip files give the same figures as the plain files")
    func twoMonthsEverywhichWay() throws {
        let dir = try TemporaryDirectory()
        let oct = try generated(rows: 30_000, start: "2019-10-01", seed: 1)
        let nov = try generated(rows: 45_000, start: "2019-11-01", seed: 2)
        let plain = [try dir.write("2019-Oct.csv", oct), try dir.write("2019-Nov.csv", nov)]
        let gz = [
            try dir.write("oct.csv.gz", Compression.gzip(oct)), try dir.write("nov.csv.gz", Compression.gzip(nov)),
        ]
        let zip = try dir.write(
            "ecommerce-behavior-data-from-multi-category-store.zip",
            Compression.zip([("2019-Oct.csv", oct), ("2019-Nov.csv", nov)], zip64: true))
        let expected = try figures(plain)
        #expect(expected.rows == 75_000)
        #expect(try figures(gz) == expected)
        #expect(try figures([zip]) == expected)
    }

    private func generated(rows: Int, start: String, seed: UInt64) throws -> [UInt8] {
        let sink = MemorySink()
        let day = try #require(UTCCalendar.parseInstant(start)) / UTCCalendar.secondsPerDay
        try EventGenerator(GeneratorOptions(rows: rows, seed: seed, startDay: day, days: 30)).write(to: sink)
        return sink.bytes
    }

    private struct Figures: Equatable {
        var rows: Int
        var days: [VisitorsPerDay.Day]
        var abandoned: CartAbandonment.Tally
    }

    private func figures(_ paths: [String]) throws -> Figures {
        let r = try ingest(paths)
        let s = r.snapshot
        return Figures(
            rows: r.summary.rows, days: VisitorsPerDay(s, window: .all).days,
            abandoned: CartAbandonment(s, window: .all, level: nil).total)
    }
}
