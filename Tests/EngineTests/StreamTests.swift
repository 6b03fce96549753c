import Foundation
import Testing

@testable import Engine

@Suite("Shard log")
struct StreamTests {
    func hex(_ d: (high: UInt64, low: UInt64)) -> String {
        String(d.high, radix: 16).leftPad(16) + String(d.low, radix: 16).leftPad(16)
    }

    @Test("MD5 matches RFC 1321's whole test suite")
    func md5() {
        #expect(hex(MD5.digest("")) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(hex(MD5.digest("a")) == "0cc175b9c0f1b6a831c399e269772661")
        #expect(hex(MD5.digest("abc")) == "900150983cd24fb0d6963f7d28e17f72")
        #expect(hex(MD5.digest("message digest")) == "f96b697d7cb7938d525a2f31aaf161d0")
        #expect(hex(MD5.digest("abcdefghijklmnopqrstuvwxyz")) == "c3fcd3d76192e4007dfb496cca67e13b")
        #expect(
            hex(MD5.digest("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
                == "d174ab98d277d9f5a5611c2c9f419d9f")
        #expect(hex(MD5.digest(String(repeating: "1234567890", count: 8))) == "57edf4a22be3c955ac49da2e2107b67a")
    }

    /// Padding changes shape at 55/56 bytes (the length no longer fits the last block) and at
    /// 64 (a whole block): the digests of those lengths, from Python's hashlib.
    @Test(
        "MD5 at the padding boundaries",
        arguments: [
            (55, "ef1772b6dff9a122358552954ad0df65"), (56, "3b0c8ac703f828b04c6c197006d17218"),
            (57, "652b906d60af96844ebd21b674f35e93"), (63, "b06521f39153d618550606be297466d5"),
            (64, "014842d480b571495a4a0363793f7367"), (65, "c743a45e0d2e6a95cb859adae0248435"),
            (119, "8a7bd0732ed6a28ce75f6dabc90e1613"), (120, "5f61c0ccad4cac44c75ff505e1f1e537"),
            (128, "e510683b3f5ffe4093d021808bc6ff70"),
        ])
    func md5Boundaries(length: Int, digest: String) {
        #expect(hex(MD5.digest(String(repeating: "a", count: length))) == digest)
    }

    @Test(
        "shards split the 128-bit key space evenly, contiguously, and keys land in their range",
        arguments: [1, 3, 4, 7, 16])
    func shardMap(_ n: Int) {
        let map = ShardMap(shards: n)
        var previousEnd: UInt128? = nil
        for i in 0..<n {
            let r = map.hashKeyRange(i)
            let start = UInt128(r.starting)!
            let end = UInt128(r.ending)!
            if let p = previousEnd { #expect(start == p + 1) } else { #expect(start == 0) }
            #expect(map.shard(forHash: UInt64(start >> 64), UInt64(truncatingIfNeeded: start)) == i)
            #expect(map.shard(forHash: UInt64(end >> 64), UInt64(truncatingIfNeeded: end)) == i)
            previousEnd = end
        }
        #expect(previousEnd == UInt128.max)
        var counts = [Int](repeating: 0, count: n)
        for k in 0..<20_000 { counts[map.shard(forKey: "user-\(k)")] += 1 }
        #expect(counts.allSatisfy { abs($0 - 20_000 / n) < 20_000 / n / 5 + 50 })
    }

    func stream(shards: Int = 2) throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory()
        let path = dir.path("s")
        _ = try StreamDescriptor.create(at: path, shards: shards, retentionHours: 24)
        return (dir, path)
    }

    func records(_ path: String, shard: Int, skipCorrupt: Bool = false) throws -> [(UInt64, String)] {
        let reader = ShardReader(streamDirectory: path, shard: shard, from: .trimHorizon, skipCorrupt: skipCorrupt)
        var out: [(UInt64, String)] = []
        while try reader.read({ seq, _, p in out.append((seq, String(decoding: p, as: UTF8.self))) }) > 0 {}
        return out
    }

    func append(_ path: String, shard: Int, _ texts: [String]) throws {
        let w = try ShardWriter(streamDirectory: path, shard: shard, retentionHours: 24)
        var bytes: [UInt8] = []
        var ranges: [Range<Int>] = []
        for t in texts {
            let s = bytes.count
            bytes += Array(t.utf8)
            ranges.append(s..<bytes.count)
        }
        try w.append(bytes, ranges: ranges, arrivalMilliseconds: 1)
    }

    func segment(_ path: String, shard: Int) throws -> String {
        try ShardSegments(directory: StreamDescriptor.shardDirectory(path, shard)).list()[0].path
    }

    @Test("records come back in order with sequence numbers 1, 2, 3…; segments roll over")
    func roundTrip() throws {
        let (dir, path) = try stream()
        defer { withExtendedLifetime(dir) {} }  // the directory lives until the test ends
        let w = try ShardWriter(streamDirectory: path, shard: 1, retentionHours: 24, segmentLimit: 200)
        for k in 0..<50 {
            let p = Array("record \(k)".utf8)
            try w.append(p, ranges: [0..<p.count], arrivalMilliseconds: UInt64(k))
        }
        let got = try records(path, shard: 1)
        #expect(got.map(\.0) == Array(1...50))
        #expect(got.map(\.1) == (0..<50).map { "record \($0)" })
        #expect(try ShardSegments(directory: StreamDescriptor.shardDirectory(path, 1)).list().count > 3)
        #expect(try records(path, shard: 0).isEmpty)
    }

    @Test("a torn tail is not read, and the next append cuts it off and numbers on")
    func tornTail() throws {
        let (dir, path) = try stream()
        defer { withExtendedLifetime(dir) {} }  // the directory lives until the test ends
        try append(path, shard: 0, (0..<100).map { "r\($0)" })
        let seg = try segment(path, shard: 0)
        let size = try FileManager.default.attributesOfItem(atPath: seg)[.size] as! Int
        for cut in [1, 5, 20, 29] {  // inside the last record's header or payload
            let h = FileHandle(forWritingAtPath: seg)!
            try h.truncate(atOffset: UInt64(size - cut))
            try h.close()
            #expect(try records(path, shard: 0).count == 99)
            let h2 = FileHandle(forWritingAtPath: seg)!
            try h2.truncate(atOffset: UInt64(size))  // zero-filled: still not a record
            try h2.close()
        }
        try append(path, shard: 0, ["after"])
        let got = try records(path, shard: 0)
        #expect(got.map(\.0) == Array(1...100))
        #expect(got.last?.1 == "after")
    }

    @Test("damage inside a segment is an error naming shard and offset; the rest stays readable")
    func corruption() throws {
        let (dir, path) = try stream()
        defer { withExtendedLifetime(dir) {} }  // the directory lives until the test ends
        try append(path, shard: 1, (0..<20).map { "record \($0)" })
        let seg = try segment(path, shard: 1)
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: seg)))
        let offset = 5 * (RecordFrame.headerSize + 8) + RecordFrame.headerSize + 2  // in record 5's payload
        bytes[offset] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: seg))
        #expect {
            try records(path, shard: 1)
        } throws: { error in
            guard case StreamError.corrupt(let shard, _, let at, _) = error else { return false }
            return shard == 1 && at == Int64(5 * (RecordFrame.headerSize + 8)) && "\(error)".contains("shard 1")
        }
        let rest = try records(path, shard: 1, skipCorrupt: true)
        #expect(rest.count == 19)
        #expect(!rest.contains { $0.1 == "record 5" })
    }

    @Test("four producers at once on one stream: every record once, sequence numbers without gaps")
    func concurrentProducers() throws {
        let (dir, path) = try stream(shards: 3)
        defer { withExtendedLifetime(dir) {} }  // the directory lives until the test ends
        let rows = Array(try String(contentsOfFile: realSamplePath, encoding: .utf8).utf8)
        let body = Array(rows.drop { $0 != 0x0A }.dropFirst())
        let done = DispatchGroup()
        let failures = FailureBox()
        for _ in 0..<4 {
            done.enter()
            Thread {
                do {
                    let p = try StreamProducer(directory: path, partitionKey: .session)
                    for chunk in stride(from: 0, to: body.count, by: 20_000) {
                        var end = min(body.count, chunk + 20_000)
                        while end < body.count, body[end - 1] != 0x0A { end += 1 }
                        var start = chunk
                        while start > 0, start < body.count, body[start - 1] != 0x0A { start += 1 }
                        if start < end { p.add(csvRows: Array(body[start..<end]), sentAt: "t") }
                        try p.flush()
                    }
                } catch { failures.set(error) }
                done.leave()
            }.start()
        }
        done.wait()
        #expect(failures.error == nil)
        var total = 0
        for s in 0..<3 {
            let got = try records(path, shard: s)
            #expect(got.map(\.0) == Array(1...UInt64(max(got.count, 1))).prefix(got.count).map { $0 })
            total += got.count
        }
        #expect(total == 4000)
    }

    @Test("a named consumer resumes after its checkpoint: each record in exactly one run")
    func checkpoints() throws {
        let (dir, path) = try stream(shards: 2)
        defer { withExtendedLifetime(dir) {} }  // the directory lives until the test ends
        let real = try realLines()
        let p = try StreamProducer(directory: path, partitionKey: .user)
        p.add(csvRows: Array(real.prefix(600).joined().utf8), sentAt: "t")
        try p.flush()
        let first = try StreamConsumer(directory: path, consumer: "c")
        try first.drain(into: EventStore())
        #expect(first.records == 600)
        try first.commit()
        // A run that dies before committing leaves the checkpoint where it was.
        let crashed = try StreamConsumer(directory: path, consumer: "c")
        p.add(csvRows: Array(real.dropFirst(600).joined().utf8), sentAt: "t")
        try p.flush()
        try crashed.drain(into: EventStore())
        #expect(crashed.records == 400)
        let second = try StreamConsumer(directory: path, consumer: "c")
        let store = EventStore()
        try second.drain(into: store)
        #expect(second.records == 400)
        try second.commit()
        #expect(try StreamConsumer(directory: path, consumer: "c").records == 0)
        let other = try StreamConsumer(directory: path, consumer: "d")
        try other.drain(into: EventStore())
        #expect(other.records == 1000)
        #expect(second.lag().allSatisfy { $0.records == 0 })
    }

    @Test(
        "checkpoints of every shard in one file; the one-file-a-shard layout of earlier versions is read and replaced")
    func checkpointFile() throws {
        let (dir, path) = try stream(shards: 3)
        defer { withExtendedLifetime(dir) {} }
        let real = try realLines()
        let p = try StreamProducer(directory: path, partitionKey: .user)
        p.add(csvRows: Array(real.prefix(500).joined().utf8), sentAt: "t")
        try p.flush()
        let first = try StreamConsumer(directory: path, consumer: "c")
        try first.drain(into: EventStore())
        try first.commit()
        let consumerDir = path + "/consumers/c"
        let saved = try String(contentsOfFile: consumerDir + "/checkpoints", encoding: .utf8)
        let lines = saved.split(separator: "\n").map { $0.split(separator: " ").map { UInt64($0)! } }
        #expect(lines.map { $0[0] } == [0, 1, 2])
        #expect(lines.map { $0[1] }.reduce(0, +) == 500, "each shard's last sequence number: 500 records in all")
        #expect(try FileManager.default.contentsOfDirectory(atPath: consumerDir) == ["checkpoints"])
        // As an earlier version left it: one file a shard.
        try FileManager.default.removeItem(atPath: consumerDir + "/checkpoints")
        for l in lines {
            try "\(l[1])\n".write(toFile: consumerDir + "/shard-\(l[0]).checkpoint", atomically: true, encoding: .utf8)
        }
        p.add(csvRows: Array(real.dropFirst(500).joined().utf8), sentAt: "t")
        try p.flush()
        let resumed = try StreamConsumer(directory: path, consumer: "c")
        try resumed.drain(into: EventStore())
        #expect(resumed.records == 500, "resumes after the old checkpoints")
        try resumed.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: consumerDir) == ["checkpoints"])
        #expect(try StreamConsumer(directory: path, consumer: "c").records == 0)
        #expect(try StreamInfo(directory: path).consumers["c"]?.values.reduce(0, +) == 1000)
    }

    @Test("catching up shard by shard, the watermark closes no window that a shard still has events for")
    func watermark() throws {
        let (dir, path) = try stream(shards: 4)
        let csv = try dir.generate(GeneratorOptions(rows: 20_000, seed: 8, days: 4, bots: 3))
        let producer = try StreamProducer(directory: path, partitionKey: .user)
        _ = try Replayer(producer: producer, pace: .max).run([csv], shouldStop: { false }) { _ in }
        let consumer = try StreamConsumer(directory: path)
        #expect(consumer.watermark == nil)
        let store = EventStore()
        let rule = BurstRule()
        var byStream = LateEvents(rule: rule)
        var byNewestSeen = LateEvents(rule: rule)
        var watermarks: [Int64] = []
        var previous: Int64? = nil
        // Small reads, so that one shard runs hours of event time ahead of the others.
        while try consumer.poll(into: store, maxBytesPerShard: 16 << 10) > 0 {
            byStream.observe(store.snapshot(), streamWatermark: previous)
            byNewestSeen.observe(store.snapshot())
            previous = consumer.watermark
            if let w = previous { watermarks.append(w) }
        }
        #expect(store.count == 20_000)
        #expect(byStream.late == 0)
        #expect(byNewestSeen.late > 1_000)  // what closing by the newest event seen would report
        #expect(watermarks == watermarks.sorted())
        #expect(consumer.watermark == Int64(store.snapshot().timeRange.1))
        // Caught up, the arrival watermark follows the clock: nothing older can still arrive.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        #expect(try #require(consumer.arrivalWatermark) > now - 2_000)
    }

    @Test("shifted loops move each pass forward by the first pass's span in whole days, with the same figures")
    func shiftedLoops() throws {
        let (dir, path) = try stream(shards: 3)
        defer { withExtendedLifetime(dir) {} }  // the directory lives until the test ends
        let csv = try dir.generate(GeneratorOptions(rows: 6_000, seed: 3, days: 2))
        let producer = try StreamProducer(directory: path, partitionKey: .user)
        let summary = try Replayer(producer: producer, pace: .max, loops: 3, shiftLoops: true)
            .run([csv], shouldStop: { false }) { _ in }
        #expect(summary.sent == 18_000)
        let streamed = EventStore()
        try StreamConsumer(directory: path).drain(into: streamed)
        let once = try ingest([csv]).store.snapshot()
        let passDays = VisitorsPerDay(once, window: .all).days
        let days = VisitorsPerDay(streamed.snapshot(), window: .all).days
        let (low, high) = once.timeRange
        let shift = (Int64(high) - Int64(low)) / 86_400 + 1
        #expect(shift == 2)
        #expect(days.count == 3 * passDays.count)
        for pass in 0..<3 {
            for (k, day) in passDays.enumerated() {
                var moved = day
                let dayNumber = try #require(UTCCalendar.parseInstant(day.day)) / 86_400 + Int64(pass) * shift
                moved.day = UTCCalendar.dayString(days: dayNumber)
                #expect(days[pass * passDays.count + k] == moved)
            }
        }
    }

    @Test("a shifted loop keeps a quoted time quoted, and the fields after it intact")
    func shiftedQuotedTime() throws {
        let (dir, path) = try stream(shards: 1)
        defer { withExtendedLifetime(dir) {} }  // the directory lives until the test ends
        let csv = try dir.write(
            "q.csv",
            "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\n"
                + "\"2019-10-01 23:59:59 UTC\",purchase,44600062,2103807459595387724,,\"shi,seido\",35.79,541312140,s1\n"
        )
        let producer = try StreamProducer(directory: path, partitionKey: .user)
        _ = try Replayer(producer: producer, pace: .max, loops: 2, shiftLoops: true)
            .run([csv], shouldStop: { false }) { _ in }
        let streamed = EventStore()
        try StreamConsumer(directory: path).drain(into: streamed)
        let days = VisitorsPerDay(streamed.snapshot(), window: .all).days
        #expect(days.map(\.day) == ["2019-10-01", "2019-10-02"])
        #expect(days.map(\.revenueCents) == [3579, 3579])
        #expect(BrandMarketing(streamed.snapshot(), window: .all, minViews: 0).brands.map(\.label) == ["shi,seido"])
    }

    @Test("a shifted row is its own record's fields, not the rest of the block it was read from")
    func shiftedRowBytes() {
        let block = Array(
            "2019-10-01 00:00:01 UTC,view,1\n2019-10-01 00:00:02 UTC,cart,2\n2019-10-01 00:00:03 UTC,view,3\n".utf8)
        let fields = [31..<54, 55..<59, 60..<61]  // the second record
        var shifted = TimeShiftedRow()
        let (text, count) = block.withUnsafeBufferPointer { row in
            shifted.with(row, fields, at: 1_569_888_002 + 86_400) { bytes, ranges in
                (ranges.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }, bytes.count)
            }
        }
        #expect(text == ["2019-10-02 00:00:02 UTC", "cart", "2"])
        #expect(count == 30)
    }

    @Test("insights over a replayed stream equal those over the file")
    func streamEqualsFile() throws {
        let (dir, path) = try stream(shards: 4)
        let csv = try dir.generate(GeneratorOptions(rows: 20_000, seed: 5, days: 4))
        let producer = try StreamProducer(directory: path, partitionKey: .user)
        let summary = try Replayer(producer: producer, pace: .max).run([csv], shouldStop: { false }) { _ in }
        #expect(summary.sent == 20_000)
        let streamed = EventStore()
        try StreamConsumer(directory: path).drain(into: streamed)
        let fromFile = try ingest([csv]).store
        let options = InsightOptions(minViews: 20)
        let a = Insights(streamed.snapshot(), options: options)
        let b = Insights(fromFile.snapshot(), options: options)
        #expect(a.visitors == b.visitors)
        #expect(a.abandonment.total == b.abandonment.total)
        #expect(a.brands.brands == b.brands.brands)
        #expect(a.categories.categories == b.categories.categories)
    }
}

extension String {
    fileprivate func leftPad(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}

@Suite("A stream read on every core")
struct ParallelStreamReadTests {
    @Test("the shards read side by side give the rows and rejects of a read one shard after another")
    func sameAsSerial() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("stream")
        _ = try StreamDescriptor.create(at: path, shards: 4, retentionHours: 24)
        let producer = try StreamProducer(directory: path, partitionKey: .user)
        let csv = try dir.generate(GeneratorOptions(rows: 40_000, seed: 23, days: 3, bots: 2))
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst()
        _ = producer.add(csvRows: Array((lines.joined(separator: "\n") + "\n").utf8), sentAt: "2019-10-01 00:00:00")
        try producer.flush()
        // Records that are not events, and one whose row the CSV reader rejects, in two shards.
        let w0 = try ShardWriter(streamDirectory: path, shard: 0, retentionHours: 24)
        let w2 = try ShardWriter(streamDirectory: path, shard: 2, retentionHours: 24)
        for (w, text) in [
            (w0, "not json"),
            (w2, #"{"event_time":"2019-10-01 00:00:00 UTC","event_type":"view","product_id":"x1"}"#),
        ] {
            let p = Array(text.utf8)
            try w.append(p, ranges: [0..<p.count], arrivalMilliseconds: 1)
        }
        /// Every row of a store, its columns' codes and ids, in row order (codes follow first
        /// appearance: the same rows in the same order give the same codes).
        func rows(_ store: EventStore) -> [[UInt64]] {
            let s = store.snapshot()
            var out: [[UInt64]] = []
            for k in 0..<s.chunkCount {
                let c = s.chunk(k)
                for i in 0..<c.count {
                    out.append([
                        UInt64(c.time[i]), UInt64(c.type[i]), s.productId(c.product[i]), UInt64(c.category[i]),
                        UInt64(c.brand[i]), UInt64(c.price[i]), s.userId(c.user[i]), UInt64(c.session[i]),
                    ])
                }
            }
            return out
        }
        let side = try StreamConsumer(directory: path)
        let sideStore = EventStore()
        // Small reads, so that every shard is read in several polls.
        while try side.poll(into: sideStore, maxBytesPerShard: 256 << 10) > 0 {}
        let serial = try StreamConsumer(directory: path)
        let serialStore = EventStore()
        while try serial.poll(into: serialStore, maxBytesPerShard: 256 << 10, visible: { _ in }) > 0 {}
        #expect(sideStore.count == 40_000)
        #expect(rows(sideStore) == rows(serialStore))
        #expect(side.rejected.count == 2, "\(side.rejected.map(\.message))")
        #expect(side.rejected.map(\.message) == serial.rejected.map(\.message))
        #expect(side.positions == serial.positions && side.records == serial.records)
    }
}
