import Foundation
import Testing

@testable import Engine

/// The dashboard's series (hourly over the window, per second over the last minutes) against
/// the same figures counted from ``NaiveReference`` rows.
@Suite("Activity series against a naive reference")
struct ActivitySeriesTests {
    struct Expected: Equatable {
        var start: Int64
        var events: [Int]
        var purchases: [Int]
        var revenue: [Int64]
        var visitors: [Int]
    }

    static func expected(_ rows: [NaiveReference.Row], start: Int64, bucket: Int64, count: Int) -> Expected {
        var e = Expected(
            start: start, events: Array(repeating: 0, count: count), purchases: Array(repeating: 0, count: count),
            revenue: Array(repeating: 0, count: count), visitors: [])
        var users = [Set<String>](repeating: [], count: count)
        for r in rows where r.time >= start && r.time < start + bucket * Int64(count) {
            let b = Int((r.time - start) / bucket)
            e.events[b] += 1
            users[b].insert(r.user)
            if r.type == "purchase" {
                e.purchases[b] += 1
                e.revenue[b] += r.cents
            }
        }
        e.visitors = users.map(\.count)
        return e
    }

    static func actual(_ s: ActivitySeries) -> Expected {
        Expected(
            start: s.start, events: s.events, purchases: s.byType[Int(EventType.purchase.rawValue)],
            revenue: s.revenueCents, visitors: s.visitors)
    }

    @Test("hourly over all rows, and the last 120 seconds and 30 minutes, with bots for dense seconds")
    func series() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.generate(GeneratorOptions(rows: 20_000, seed: 5, days: 2, bots: 40))
        let reference = try NaiveReference(csv: path, window: .all, level: nil)
        let snapshot = try ingest([path], blockSize: 64 << 10).snapshot
        let first = reference.rows.map(\.time).min()!
        let latest = reference.rows.map(\.time).max()!

        let hourly = ActivitySeries(snapshot, options: InsightOptions(), bucketSeconds: 3600)
        let hours = Int(latest / 3600 - first / 3600) + 1
        #expect(
            Self.actual(hourly) == Self.expected(reference.rows, start: first / 3600 * 3600, bucket: 3600, count: hours)
        )

        let seconds = ActivitySeries(snapshot, options: InsightOptions(), bucketSeconds: 1, last: 120)
        let recent = Self.expected(reference.rows, start: latest - 119, bucket: 1, count: 120)
        #expect(Self.actual(seconds) == recent)
        #expect(recent.visitors.contains { $0 > 0 })

        let minutes = ActivitySeries(snapshot, options: InsightOptions(), bucketSeconds: 60, last: 30)
        let start = latest / 60 * 60 - 29 * 60
        #expect(Self.actual(minutes) == Self.expected(reference.rows, start: start, bucket: 60, count: 30))
    }
}
