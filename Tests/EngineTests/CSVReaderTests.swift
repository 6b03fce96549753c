import Engine
import Foundation
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    @Test("the 1,000 real rows read with no reject")
    func realRows() throws {
        let r = try ingest([realSamplePath])
        #expect(r.summary.rows == 1000)
        #expect(r.summary.rejected == 0)
        let s = r.snapshot
        #expect(s.count == 1000)
        // First row: 2019-10-01 00:00:00 UTC, shiseido, 35.79.
        #expect(s.timeRange.0 == UInt32(UTCCalendar.parseInstant("2019-10-01")!))
        #expect(s.brandLabels.contains("shiseido"))
        #expect(s.categoryCodeLabels.contains("appliances.environment.water_heater"))
    }

    @Test(
        "each kind of bad row is rejected with file, line and reason; good rows around it stay",
        arguments: [
            ("2019-13-01 00:00:00 UTC,view,1,2,,,1.00,3,", "event_time"),
            ("2019-10-01 25:00:00 UTC,view,1,2,,,1.00,3,", "event_time"),
            ("yesterday,view,1,2,,,1.00,3,", "event_time"),
            ("2019-10-01 00:00:00 UTC,click,1,2,,,1.00,3,", "event_type"),
            ("2019-10-01 00:00:00 UTC,view,abc,2,,,1.00,3,", "product_id"),
            ("2019-10-01 00:00:00 UTC,view,1,2x,,,1.00,3,", "category_id"),
            ("2019-10-01 00:00:00 UTC,view,1,2,,,1.001,3,", "price"),
            ("2019-10-01 00:00:00 UTC,view,1,2,,,-1.00,3,", "price"),
            ("2019-10-01 00:00:00 UTC,view,1,2,,,1.00,,", "user_id"),
            ("2019-10-01 00:00:00 UTC,view,1,2,,,1.00,3", "field_count"),
            ("2019-10-01 00:00:00 UTC,view,1,2,,,1.00,3,s,extra", "field_count"),
            ("garbage bytes \u{FF}\u{FE}", "field_count"),
        ])
    func rejects(row: String, kind: String) throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("bad.csv", header + goodRow + row + "\n" + goodRow)
        let r = try ingest([path])
        #expect(r.summary.rows == 2)
        #expect(r.summary.rejected == 1)
        let reject = try #require(r.rejects.first)
        #expect(reject.file == path)
        #expect(reject.line == 3)
        #expect(reject.reason.kind == kind)
        #expect(reject.raw == Array((row + "\n").utf8))
        #expect(reject.message.hasPrefix("\(path):3: "))
    }

    @Test("a quoted field that never closes is rejected, not read as the rest of the file")
    func unterminatedQuote() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("q.csv", header + goodRow + "2019-10-01 00:00:00 UTC,view,1,2,\"open,brand,1.00,3,s\n")
        let r = try ingest([path])
        #expect(r.summary.rows == 1)
        #expect(r.rejects.map(\.reason) == [.unterminatedQuote])
    }

    @Test("RFC 4180 quoting: commas, doubled quotes and newlines inside fields")
    func quoting() throws {
        let dir = try TemporaryDirectory()
        let rows =
            header
            + "\"2019-10-01 00:00:01 UTC\",\"view\",\"5\",\"7\",\"a.b\",\"acme, inc\",\"1.50\",\"9\",\"s1\"\n"
            + "2019-10-01 00:00:02 UTC,cart,5,7,a.b,\"say \"\"hi\"\"\",2.00,9,s1\n"
            + "2019-10-01 00:00:03 UTC,purchase,5,7,a.b,\"two\nlines\",3.00,9,s1\n"
            + goodRow
        let path = try dir.write("q.csv", rows)
        let r = try ingest([path])
        #expect(r.summary.rejected == 0)
        #expect(r.summary.rows == 4)
        let labels = Set(r.snapshot.brandLabels)
        #expect(labels.isSuperset(of: ["acme, inc", "say \"hi\"", "two\nlines"]))
        // The row after the two-line record is on line 6 of the file: line numbers count newlines.
        let bad = try dir.write("q2.csv", rows + "oops\n")
        #expect(try ingest([bad]).rejects.first?.line == 7)
    }

    @Test("CRLF line ends, a UTF-8 BOM, blank lines and a missing final newline")
    func lineEnds() throws {
        let dir = try TemporaryDirectory()
        let crlf = (header + goodRow + goodRow).replacingOccurrences(of: "\n", with: "\r\n")
        let path = try dir.write(
            "crlf.csv", [0xEF, 0xBB, 0xBF] + Array((crlf + "\r\n\n" + String(goodRow.dropLast())).utf8))
        let r = try ingest([path])
        #expect(r.summary.rows == 3)
        #expect(r.summary.rejected == 0)
        #expect(r.snapshot.brandLabels.contains("shiseido"))
    }

    @Test("prices with no, one or two decimals are exact cents")
    func prices() throws {
        let dir = try TemporaryDirectory()
        let rows = ["33.2", "33.20", "33", "0.05", "2574.07"].map {
            "2019-10-01 00:00:00 UTC,purchase,1,2,,,\($0),3,s\n"
        }
        let path = try dir.write("p.csv", header + rows.joined())
        let r = try ingest([path])
        let days = VisitorsPerDay(r.snapshot, window: .all).days
        let revenue = try #require(days.first).revenueCents
        #expect(revenue == Int64(3320 + 3320 + 3300 + 5 + 257_407))
    }

    @Test("a file cut into many small blocks reads exactly like one block")
    func blockBoundaries() throws {
        let dir = try TemporaryDirectory()
        var text = header
        for i in 0..<2000 {
            text +=
                i % 97 == 0
                ? "broken row \(i)\n" : goodRow.replacingOccurrences(of: "541312140", with: "\(541_312_140 + i % 50)")
            if i % 301 == 0 { text += "2019-10-01 00:00:00 UTC,view,1,2,,\"x\ny\",1.00,3,\n" }
        }
        let path = try dir.write("many.csv", text)
        let big = try ingest([path])
        let small = try ingest([path], blockSize: 300)
        #expect(small.summary.rows == big.summary.rows)
        #expect(small.rejects == big.rejects)
        #expect(small.snapshot.userCount == 51)
        #expect(big.rejects.first?.line == 2)
    }

    // A multi-member file once made a popular Swift inflater spin forever: the time limit turns
    // such a hang into a failure.
    @Test("gzip input, also several members back to back, reads like the plain file", .timeLimit(.minutes(1)))
    func gzip() throws {
        let dir = try TemporaryDirectory()
        let part1 = Array((header + goodRow + goodRow).utf8)
        let part2 = Array(goodRow.replacingOccurrences(of: "view", with: "cart").utf8)
        let single = try dir.write("one.csv.gz", Compression.gzip(part1 + part2))
        let multi = try dir.write("two.csv.gz", Compression.gzip(part1) + Compression.gzip(part2))
        #expect(try ingest([multi]).summary.rows == 3)
        #expect(try ingest([single]).summary.rows == 3)
        let three = try dir.write(
            "three.csv.gz", Compression.gzip(part1) + Compression.gzip(part2) + Compression.gzip(part2))
        let r = try ingest([three])
        #expect(r.summary.rows == 4)
        #expect(VisitorsPerDay(r.snapshot, window: .all).days.first?.events == 4)
    }

    @Test("a truncated gzip file is an error naming the file")
    func truncatedGzip() throws {
        let dir = try TemporaryDirectory()
        var rows = header
        for _ in 0..<500 { rows += goodRow }
        let gz = Compression.gzip(Array(rows.utf8))
        let path = try dir.write("cut.csv.gz", Array(gz.prefix(gz.count / 2)))
        #expect {
            try ingest([path])
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("corrupt")
        }
    }

    @Test(
        "zip archives as Kaggle ships them: deflated, stored, ZIP64; every CSV entry is read",
        arguments: [(true, false), (false, false), (true, true)])
    func zip(deflated: Bool, zip64: Bool) throws {
        let dir = try TemporaryDirectory()
        let a = Array((header + goodRow).utf8)
        let b = Array((header + goodRow + goodRow).utf8)
        let path = try dir.write(
            "2019-Oct.csv.zip",
            Compression.zip(
                [("2019-Oct.csv", a), ("notes.txt", [0x78]), ("more/2019-Nov.csv", b)], deflated: deflated, zip64: zip64
            ))
        let r = try ingest([path])
        #expect(r.summary.rows == 3)
        #expect(r.summary.sources == ["\(path):2019-Oct.csv", "\(path):more/2019-Nov.csv"])
    }

    @Test("inputs that are not event CSVs fail with one clear line naming the file")
    func unreadableInputs() throws {
        let dir = try TemporaryDirectory()
        let missing = dir.path("missing.csv")
        let wrongHeader = try dir.write("wrong.csv", "a,b,c\n1,2,3\n")
        let empty = try dir.write("empty.csv", "")
        let noCSV = try dir.write("x.zip", Compression.zip([("readme.txt", Array("hi".utf8))]))
        let fifo = dir.path("pipe.csv")
        #expect(mkfifo(fifo, 0o600) == 0)
        let cases: [(String, String)] = [
            (missing, "No such file"), (wrongHeader, "found 'a,b,c'"), (empty, "is empty"),
            (noCSV, "holds no .csv file"), (dir.url.path, "is a directory"),
            (fifo, "is a pipe (FIFO), not a regular file"), ("/dev/zero", "is a device, not a regular file"),
        ]
        for (path, words) in cases {
            #expect {
                try ingest([realSamplePath, path])
            } throws: { error in
                let text = "\(error)"
                return text.contains(path) && text.contains(words) && !text.contains("\n")
            }
        }
    }

    @Test("random bytes after a valid header never crash: every line is read or rejected")
    func randomBytes() throws {
        let dir = try TemporaryDirectory()
        var rng = SeededRandom(seed: 7)
        for round in 0..<20 {
            var bytes = Array(header.utf8)
            for _ in 0..<5000 {
                let r = rng.next()
                // Mostly delimiters, quotes, digits and high bytes: the parser's hard cases.
                let pool: [UInt8] = [0x2C, 0x22, 0x0A, 0x0D, 0x00, 0x31, 0x2E, 0xFF, 0x41, 0x20]
                bytes.append(pool[Int(r % UInt64(pool.count))])
            }
            bytes += Array(goodRow.utf8)
            let path = try dir.write("r\(round).csv", bytes)
            let r = try ingest([path], blockSize: 256)
            let whole = try ingest([path])
            #expect(r.summary.rows + r.summary.rejected > 0)
            // Where blocks are cut changes nothing: the same rows read, the same rows rejected.
            #expect(r.summary.rows == whole.summary.rows)
            #expect(r.rejects == whole.rejects)
            // Rejects come in file order, each with its own bytes as they stand in the file.
            #expect(r.rejects.allSatisfy { $0.line >= 2 })
            #expect(Swift.zip(r.rejects, r.rejects.dropFirst()).allSatisfy { $0.line < $1.line })
            var from = 0
            for reject in r.rejects where !reject.raw.isEmpty {
                let at = bytes[from...].firstRange(of: reject.raw)
                #expect(
                    at != nil, "rejected bytes of line \(reject.line) are not in the file after the previous reject")
                from = at?.upperBound ?? from
            }
        }
    }

    @Test("several files at once add up")
    func severalFiles() throws {
        let r = try ingest([realSamplePath, realSamplePath])
        #expect(r.summary.rows == 2000)
        #expect(r.snapshot.userCount == ingestSingleUsers())
    }

    private func ingestSingleUsers() -> Int { (try? ingest([realSamplePath]).snapshot.userCount) ?? -1 }
}

@Suite("Store limits")
struct StoreLimitTests {
    @Test("more brands than a 16-bit code holds: codes past 65,534 go to the side column, figures stay exact")
    func manyBrands() throws {
        let dir = try TemporaryDirectory()
        var text = header
        for b in 0..<70_000 {
            text += "2019-10-01 00:00:00 UTC,\(b % 3 == 0 ? "purchase" : "view"),1,2,,brand\(b),1.00,\(b % 100),s\n"
        }
        let path = try dir.write("brands.csv", text)
        let snapshot = try ingest([path]).snapshot
        #expect(snapshot.brandLabels.count == 70_001)
        let brands = BrandMarketing(snapshot, window: .all, minViews: 0)
        #expect(brands.brands.count == 70_000)
        let last = try #require(brands.brands.first { $0.label == "brand69999" })
        #expect(last.counts.events == 1)
        #expect(last.counts.purchases == 1)  // 69,999 is a multiple of 3
        #expect(brands.brands.reduce(0) { $0 + $1.counts.events } == 70_000)
    }
}
