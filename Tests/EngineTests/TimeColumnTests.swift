import Foundation
import Testing

@testable import Engine

/// The time column keeps 16-bit offsets from each chunk's base and whole times for the rare rows
/// out of reach: every time must read back exactly, whatever the order.
@Suite("Time column")
struct TimeColumnTests {
    /// `YYYY-MM-DD HH:MM:SS UTC` by the C library's `gmtime_r`, not by ecomdash's calendar.
    private func stamp(_ t: UInt32) -> String {
        var seconds = time_t(t)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d UTC", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    @Test("times in order, out of order, decades apart and at the ends of the range read back exactly")
    func roundTrip() throws {
        var times: [UInt32] = []
        var rng = SeededRandom(seed: 42)
        for k in 0..<200_000 {
            var t = UInt32(1_570_000_000 + k / 3)
            if k % 997 == 0 { t = k % 2 == 0 ? 978_307_200 : 1_893_456_000 }  // 2001, 2030
            if (70_000..<70_010).contains(k) { t = k % 2 == 0 ? 0 : 4_000_000_000 }
            if (140_000..<150_000).contains(k) { t = UInt32(1_570_000_000 + rng.below(30 * 86_400)) }  // shuffled
            times.append(t)
        }
        var text = header
        for t in times { text += "\(stamp(t)),view,1,2,,,1.00,3,\n" }
        let dir = try TemporaryDirectory()
        let r = try ingest([try dir.write("times.csv", text)], blockSize: 1 << 16)
        #expect(r.summary.rows == times.count)
        let s = r.snapshot
        var read: [UInt32] = []
        for c in 0..<s.chunkCount {
            let chunk = s.chunk(c)
            for i in 0..<chunk.count { read.append(chunk.time[i]) }
        }
        #expect(read == times)
        #expect((0..<times.count).allSatisfy { s.time(UInt32($0)) == times[$0] })
        #expect(s.timeRange == (0, 4_000_000_000))
    }
}

/// Rows in the store's own codes (a lake segment's) are written on every core, each core a run of
/// whole chunks: every value must land where a row-by-row append puts it, whatever the batch sizes.
@Suite("Appending encoded rows")
struct EncodedAppendTests {
    @Test("batches of any size, straddling chunks, on every core: times, codes and zone maps read back exactly")
    func batches() throws {
        let n = 200_000
        var rows = EncodedRows()
        for k in 0..<n {
            var t = UInt32(1_570_000_000 + k / 3)
            if k % 997 == 0 { t = k % 2 == 0 ? 978_307_200 : 1_893_456_000 }  // out of a chunk's reach
            rows.time.append(t)
            rows.type.append(UInt8(k % 4))
            rows.product.append(UInt32(k % 1_000))
            rows.category.append(UInt32(k % 600))
            rows.brand.append(UInt32(k % 3_000))
            rows.price.append(UInt32(k))
            rows.user.append(UInt32(k / 7))
            rows.session.append(UInt32(k / 5))
        }
        let store = EventStore()
        var at = 0
        for size in [1, 70_000, 3, 65_536, 10] + [n] {
            let end = min(n, at + size)
            var batch = EncodedRows()
            batch.time = Array(rows.time[at..<end])
            batch.type = Array(rows.type[at..<end])
            batch.product = Array(rows.product[at..<end])
            batch.category = Array(rows.category[at..<end])
            batch.brand = Array(rows.brand[at..<end])
            batch.price = Array(rows.price[at..<end])
            batch.user = Array(rows.user[at..<end])
            batch.session = Array(rows.session[at..<end])
            store.appendEncoded(batch)
            at = end
        }
        let s = store.snapshot()
        #expect(s.count == n)
        var read = EncodedRows()
        for c in 0..<s.chunkCount {
            let chunk = s.chunk(c)
            for i in 0..<chunk.count {
                read.time.append(chunk.time[i])
                read.type.append(chunk.type[i])
                read.product.append(chunk.product[i])
                read.category.append(chunk.category[i])
                read.brand.append(chunk.brand[i])
                read.price.append(chunk.price[i])
                read.user.append(chunk.user[i])
                read.session.append(chunk.session[i])
            }
            if chunk.count == AppendOnlyColumn<UInt32>.chunkSize {
                let times = rows.time[chunk.start..<(chunk.start + chunk.count)]
                #expect(chunk.times.low == times.min()! && chunk.times.high == times.max()!, "chunk \(c)")
            }
        }
        #expect(read == rows)
        #expect(s.timeRange == (978_307_200, 1_893_456_000))
    }

    @Test("a batch is cut at chunk starts into at most the cores' number of pieces that cover it in order")
    func pieces() {
        let size = AppendOnlyColumn<UInt32>.chunkSize
        for (n, base) in [(1, 0), (10, size - 3), (size, 0), (size, 5), (5 * size + 7, 3 * size - 1), (3, size)] {
            for parts in 1...4 {
                let pieces = EventStore.chunkAligned(n, at: base, parts: parts)
                #expect(pieces.count <= parts && !pieces.isEmpty)
                #expect(pieces.first?.lowerBound == 0 && pieces.last?.upperBound == n)
                for (a, b) in zip(pieces, pieces.dropFirst()) {
                    #expect(a.upperBound == b.lowerBound && !b.isEmpty)
                    #expect((base + b.lowerBound) % size == 0, "\(n) rows at \(base) in \(parts): \(pieces)")
                }
            }
        }
    }
}
