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
