import Engine
import Foundation
import Testing

/// Every insight against ``NaiveReference`` on generated data: several seeds, windows and levels.
@Suite("Insights against a naive reference")
struct InsightsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var seed: UInt64
        var rows: Int
        var from: String?
        var to: String?
        var level: Int?
        var testDescription: String {
            "seed \(seed), \(rows) rows, [\(from ?? "…"), \(to ?? "…")), level \(level.map(String.init) ?? "full")"
        }
    }

    static let cases: [Case] = [
        Case(seed: 1, rows: 30_000, from: nil, to: nil, level: nil),
        Case(seed: 2, rows: 40_000, from: "2019-10-03 06:30", to: "2019-10-09", level: 1),
        Case(seed: 3, rows: 25_000, from: "2019-10-05", to: nil, level: 2),
        Case(seed: 4, rows: 20_000, from: nil, to: "2019-10-02 12:00:00", level: nil),
    ]

    @Test("all four insights equal the reference", arguments: cases)
    func matchesReference(_ c: Case) throws {
        let dir = try TemporaryDirectory()
        let path = try dir.generate(GeneratorOptions(rows: c.rows, seed: c.seed, days: 10))
        let window = TimeWindow(
            from: c.from.flatMap(UTCCalendar.parseInstant), to: c.to.flatMap(UTCCalendar.parseInstant))
        let reference = try NaiveReference(csv: path, window: window, level: c.level)
        let engine = Insights(
            try ingest([path], blockSize: 64 << 10).snapshot,
            options: InsightOptions(window: window, categoryLevel: c.level, minViews: 20))
        #expect(!reference.rows.isEmpty)

        // 1. Visitors per day.
        #expect(engine.visitors.days == reference.visitorsPerDay)

        // 2. Cart abandonment.
        let a = engine.abandonment
        let ra = reference.abandonment
        #expect(ra.carted > 0)
        var mine = NaiveReference.Abandonment()
        mine.carted = a.total.cartedPairs
        mine.abandoned = a.total.abandonedPairs
        mine.value = a.total.abandonedValueCents
        mine.abandoningUsers = a.abandoningUsers
        mine.cartOnlyUsers = a.cartOnlyUsers
        for d in a.byDay {
            mine.byDay[d.day] = (d.tally.cartedPairs, d.tally.abandonedPairs, d.tally.abandonedValueCents)
        }
        for g in a.topCategories { mine.byCategory[g.label] = g.tally.abandonedValueCents }
        for g in a.topBrands { mine.byBrand[g.label] = g.tally.abandonedValueCents }
        #expect(mine == ra)
        #expect(
            a.topCategories.map(\.tally.abandonedValueCents)
                == a.topCategories.map(\.tally.abandonedValueCents).sorted(by: >))

        // 3. Categories by hour and weekday.
        var hours: [String: ActivityCounts] = [:]
        var weekdays: [String: ActivityCounts] = [:]
        for cat in engine.categories.categories {
            for (h, cell) in cat.byHour.enumerated() where cell.events > 0 { hours["\(cat.label)|\(h)"] = cell }
            for (w, cell) in cat.byWeekday.enumerated() where cell.events > 0 {
                weekdays["\(cat.label)|\(w + 1)"] = cell
            }
        }
        #expect(hours == reference.categoryCells(byHour: true))
        #expect(weekdays == reference.categoryCells(byHour: false))
        let ranked = engine.categories.categories
        #expect(
            zip(ranked, ranked.dropFirst()).allSatisfy { x, y in
                x.total.views > y.total.views || (x.total.views == y.total.views && x.label < y.label)
            })

        // 4. Brands.
        let rb = reference.brands
        #expect(engine.brands.brands.count == rb.count)
        for b in engine.brands.brands {
            let r = try #require(rb[b.label])
            #expect(b.counts == r.counts, "\(b.label)")
            #expect(b.visitors == r.visitors.count, "\(b.label)")
            #expect(b.buyers == r.buyers.count, "\(b.label)")
        }
        let (under, medianConversion, medianVisitors) = reference.underExposed(minViews: 20)
        #expect(Set(engine.brands.underExposed.map(\.label)) == under)
        #expect(engine.brands.medianConversion == medianConversion)
        #expect(engine.brands.medianVisitors == medianVisitors)
        #expect(!under.isEmpty)
    }
}
