import Foundation
import Testing

@testable import Engine

/// The store's time range per chunk lets windowed scans skip chunks; it must never make one
/// skip a row it should count.
@Suite("Chunk time ranges")
struct ChunkTimeRangesTests {
    @Test("each full chunk records its rows' earliest and latest time; the filling chunk has none")
    func ranges() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.generate(GeneratorOptions(rows: 140_000, seed: 3, days: 6))
        let snapshot = try ingest([path], blockSize: 200 << 10).snapshot
        #expect(snapshot.chunkCount == 3)
        for c in 0..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            let times = (0..<chunk.count).map { chunk.time[$0] }
            if chunk.count == AppendOnlyColumn<UInt32>.chunkSize {
                #expect(chunk.times.low == times.min() && chunk.times.high == times.max())
            } else {
                #expect(chunk.times.low == 0 && chunk.times.high == .max)
            }
        }
    }

    @Test("windowed insights are the same whether rows come in time order (chunks skipped) or shuffled")
    func windowedScans() throws {
        let dir = try TemporaryDirectory()
        let ordered = try dir.generate(GeneratorOptions(rows: 140_000, seed: 9, days: 8, bots: 5), name: "ordered.csv")
        var lines = try String(contentsOfFile: ordered, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        var random = SeededRandom(seed: 9)
        lines.shuffle(using: &random)
        let shuffled = try dir.write("shuffled.csv", ([header] + lines).joined(separator: "\n") + "\n")

        let window = TimeWindow(
            from: UTCCalendar.parseInstant("2019-10-06 07:00"), to: UTCCalendar.parseInstant("2019-10-08"))
        let options = InsightOptions(window: window, minViews: 10)
        let a = try ingest([ordered], blockSize: 256 << 10).snapshot
        let b = try ingest([shuffled], blockSize: 256 << 10).snapshot
        // In time order, most full chunks lie outside the window; shuffled, none does.
        let outside = (0..<a.chunkCount).filter { c in
            let t = a.chunk(c).times
            return Int64(t.high) < window.from! || Int64(t.low) >= window.to!
        }
        #expect(outside.count >= 1)
        LiveInsightsTests.expectEqual(Insights(a, options: options), Insights(b, options: options), after: 1)
        #expect(WindowTotals(a, options: options) == WindowTotals(b, options: options))
        #expect(
            ActivitySeries(a, options: options, bucketSeconds: 3600)
                == ActivitySeries(b, options: options, bucketSeconds: 3600))
    }
}
