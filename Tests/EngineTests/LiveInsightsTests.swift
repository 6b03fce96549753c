import Foundation
import Testing

@testable import Engine

/// ``LiveInsights`` folds rows in batch by batch, and takes back those a sliding window leaves;
/// after every batch its figures must equal a fold from scratch (``FoldedInsights``) on the same
/// rows — which the other suites check against a naive reference and DuckDB.
@Suite("Live insights equal a fold from scratch")
struct LiveInsightsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var seed: UInt64
        var options: InsightOptions
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "everything, default rules", seed: 11, options: InsightOptions(minViews: 20)),
        Case(
            name: "fixed window, level 1, ranked by revenue", seed: 12,
            options: InsightOptions(
                window: TimeWindow(
                    from: UTCCalendar.parseInstant("2019-10-02 06:30"), to: UTCCalendar.parseInstant("2019-10-04")),
                categoryLevel: 1, minViews: 10, rankCategoriesBy: .revenue)),
        Case(
            name: "category prefix and tight burst rule", seed: 13,
            options: InsightOptions(
                minViews: 5, categoryPrefix: "electronics",
                burst: BurstRule(windowSeconds: 60, activeOver: 2, alertOver: 3))),
        Case(
            name: "burst windows of 7 s, which straddle midnight", seed: 19,
            options: InsightOptions(minViews: 5, burst: BurstRule(windowSeconds: 7, activeOver: 1, alertOver: 2))),
        Case(name: "one event type", seed: 14, options: InsightOptions(minViews: 1, eventType: .cart)),
        Case(name: "rows without a category code", seed: 15, options: InsightOptions(categoryPrefix: "(none)")),
    ]

    @Test("after every batch, on generated rows with bots, partly out of order", arguments: cases)
    func generated(_ c: Case) throws {
        let lines = try Self.generatedLines(seed: c.seed, rows: 12_000)
        let last = try Self.check(lines, options: c.options, seed: c.seed)
        #expect(last.abandonment.total.abandonedPairs > 0)
        if c.options.eventType == nil, c.options.window == .all { #expect(!last.bursts.alerts.isEmpty) }
    }

    @Test("batches large enough to be folded on every core")
    func largeBatches() throws {
        let lines = try Self.generatedLines(seed: 16, rows: 60_000)
        try Self.check(
            lines, options: InsightOptions(minViews: 20), seed: 16, minBatch: 20_000, maxBatch: 30_000,
            live: LiveInsights(options: InsightOptions(minViews: 20), parallelRows: 16_384))
    }

    @Test("on the real rows, in batches of one to 97 rows")
    func real() throws {
        let lines = try realLines()
        #expect(lines.count == 1000)
        try Self.check(lines, options: InsightOptions(minViews: 3), seed: 7, maxBatch: 97)
        try Self.check(
            lines, options: InsightOptions(brand: "samsung", burst: BurstRule(activeOver: 0, alertOver: 1)), seed: 8,
            maxBatch: 97)
    }

    @Test("timestamps years apart: figures stay exact, and no array spans the gap")
    func outliers() throws {
        let real = try realLines()
        // A burst in 2017 and one in 2022 around the real rows of 2019: 16 M ten-second windows.
        let early = (0..<12).map { "2017-01-01 00:00:0\($0 % 10) UTC,view,1,2,,acme,1.00,7,s\n" }
        let late = (0..<12).map { "2022-06-01 12:00:0\($0 % 10) UTC,cart,1,2,,acme,1.00,8,t\n" }
        let last = try Self.check(early + real + late, options: InsightOptions(minViews: 3), seed: 5, maxBatch: 200)
        let starts = last.bursts.alerts.map(\.windowStart)
        #expect(starts.first == UTCCalendar.parseInstant("2017-01-01"))
        #expect(starts.last == UTCCalendar.parseInstant("2022-06-01 12:00:00"))
        #expect(last.bursts.activeUsers.first?.start == UTCCalendar.parseInstant("2017-01-01"))
        #expect(last.visitors.days.count == 3)
    }

    @Test("the dashboard's last active windows are the last of the full list, years apart too")
    func lastActiveWindows() throws {
        let real = try realLines()
        let early = (0..<3).map { "2017-01-01 00:00:0\($0) UTC,view,1,2,,acme,1.00,7,s\n" }
        let late = (0..<3).map { "2022-06-01 12:00:0\($0) UTC,cart,1,2,,acme,1.00,8,t\n" }
        let options = InsightOptions(burst: BurstRule(activeOver: 1, alertOver: 5))
        let store = EventStore()
        _ = CSVAppender(name: "test").append(Array((early + real + late).joined().utf8), to: store)
        let live = LiveInsights(options: options)
        live.follow(store.snapshot())
        let all = FoldedInsights(store.snapshot(), options: options).insights.bursts.activeUsers
        #expect(all.count > 3)
        for k in [1, 2, all.count - 1, all.count, all.count + 5] {
            let last = live.figures(store.snapshot(), activeWindows: k).insights.bursts.activeUsers
            #expect(last.map(\.start) == all.suffix(k).map(\.start))
            #expect(last.map(\.users) == all.suffix(k).map(\.users))
        }
    }

    @Test("a brand that appears only in later batches is picked up by a brand filter")
    func lateBrand() throws {
        let early = (0..<5).map { "2019-10-01 00:00:0\($0) UTC,view,1,2,,acme,1.00,7,s\n" }
        let late = (0..<5).map { "2019-10-01 00:01:0\($0) UTC,purchase,1,2,,zeta,2.50,8,t\n" }
        try Self.check(early + late, options: InsightOptions(minViews: 1, brand: "zeta"), seed: 1, maxBatch: 5)
    }

    @Test("a filter started on rows already read: one fold that a cancel leaves untouched, then batch by batch")
    func startedLate() throws {
        let lines = try Self.generatedLines(seed: 18, rows: 12_000)
        let store = EventStore()
        let appender = CSVAppender(name: "test")
        _ = appender.append(Array(lines[..<9_000].joined().utf8), to: store)
        let options = InsightOptions(minViews: 5, categoryPrefix: "electronics")
        let live = LiveInsights(options: options, parallelRows: 4_096)
        var asked = 0
        let cancelAtSecondCheck = {
            asked += 1
            return asked > 1
        }
        #expect(!live.follow(store.snapshot(), cancelled: cancelAtSecondCheck))
        #expect(live.rows == 0)
        #expect(live.follow(store.snapshot()))
        #expect(live.rows == 9_000)
        Self.expectEqual(
            live.figures(store.snapshot()).insights, FoldedInsights(store.snapshot(), options: options).insights,
            after: 0)
        _ = appender.append(Array(lines[9_000...].joined().utf8), to: store)
        live.follow(store.snapshot())
        Self.expectEqual(
            live.figures(store.snapshot()).insights, FoldedInsights(store.snapshot(), options: options).insights,
            after: 1)
    }

    @Test("a window that slides with the data: rows that leave it are taken back", arguments: [3600, 86_400])
    func sliding(_ seconds: Int) throws {
        let lines = try Self.generatedLines(seed: 17, rows: 12_000)
        let options = InsightOptions(minViews: 5)
        // The day-long window takes its large changes on every core (deltas with rows taken back)
        // and folds the users of those again whole.
        let live = LiveInsights(
            options: options, parallelRows: seconds > 3600 ? 2_000 : 262_144, scopedRows: seconds > 3600 ? 200 : 65_536)
        try Self.check(
            lines, options: options, seed: 17, live: live,
            window: { latest in
                TimeWindow(from: latest - Int64(seconds) + 1, to: latest + 1)
            })
    }

    @Test("a user with a long history costs what changed: a new row refolds the rows of its day, brand and carts")
    func longHistory() throws {
        // A bot with 40 views an hour for 30 days, of one brand, then one more view of another brand.
        let history = (0..<(30 * 24 * 40)).map { k in
            let t = UTCCalendar.parseInstant("2019-10-01")! + Int64(k) * 90
            return "\(UTCCalendar.datasetString(seconds: t)),view,1,2,,acme,1.00,7,s\n"
        }
        let store = EventStore()
        let appender = CSVAppender(name: "test")
        let live = LiveInsights(options: InsightOptions(minViews: 1))
        _ = appender.append(Array(history.joined().utf8), to: store)
        live.follow(store.snapshot())
        _ = appender.append(Array("2019-10-31 00:00:05 UTC,view,3,2,,zeta,2.00,7,s\n".utf8), to: store)
        live.follow(store.snapshot())
        let scratch = FoldedInsights(store.snapshot(), options: InsightOptions(minViews: 1))
        Self.expectEqual(live.figures(store.snapshot()).insights, scratch.insights, after: 1)
        #expect(live.figures(store.snapshot()).totals == scratch.totals)
        // Taken back and added: the first row (the user was there already) and the new one.
        #expect(live.refoldedRows == 3)
    }

    @Test("a burst window across midnight: a new row on one day brings back the rows of the day before")
    func windowAcrossMidnight() throws {
        // 7-second windows: the one holding 2019-10-02 00:00:00 starts at 2019-10-01 23:59:59.
        let options = InsightOptions(minViews: 1, burst: BurstRule(windowSeconds: 7, activeOver: 1, alertOver: 2))
        let store = EventStore()
        let appender = CSVAppender(name: "test")
        let live = LiveInsights(options: options)
        for batch in [
            "2019-10-01 08:00:00 UTC,view,1,2,,acme,1.00,7,s\n",
            "2019-10-01 23:59:59 UTC,view,1,2,,acme,1.00,7,s\n2019-10-01 23:59:59 UTC,view,1,2,,acme,1.00,7,s\n",
            "2019-10-02 00:00:01 UTC,view,1,2,,zeta,1.00,7,s\n",
        ] {
            _ = appender.append(Array(batch.utf8), to: store)
            live.follow(store.snapshot())
        }
        let alerts = live.figures(store.snapshot()).insights.bursts.alerts
        #expect(alerts.map(\.count) == [3])
        #expect(alerts == FoldedInsights(store.snapshot(), options: options).insights.bursts.alerts)
    }

    @Test("figures for a window follow it forward, not to a window that starts earlier")
    func followsForwardOnly() {
        let day = UTCCalendar.parseInstant("2019-10-02")!
        let live = LiveInsights(options: InsightOptions(window: TimeWindow(from: day, to: day + 86_400)))
        #expect(live.canFollow(InsightOptions(window: TimeWindow(from: day + 3_600, to: day + 90_000))))
        #expect(live.canFollow(InsightOptions(window: TimeWindow(from: day))))
        #expect(!live.canFollow(InsightOptions(window: TimeWindow(from: day - 1, to: day + 86_400))))
        #expect(!live.canFollow(InsightOptions(window: .all)))
        #expect(!live.canFollow(InsightOptions(window: TimeWindow(from: day), brand: "acme")))
    }

    /// Generated rows (bots included) as CSV lines, with a tenth of them moved out of order.
    static func generatedLines(seed: UInt64, rows: Int) throws -> [String] {
        let dir = try TemporaryDirectory()
        let path = try dir.generate(GeneratorOptions(rows: rows, seed: seed, days: 4, bots: 3))
        var lines = try String(contentsOfFile: path, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true).dropFirst().map { String($0) + "\n" }
        var random = SeededRandom(seed: seed)
        for _ in 0..<(rows / 10) {
            let a = Int(random.next() % UInt64(lines.count))
            let b = Int(random.next() % UInt64(lines.count))
            lines.swapAt(a, b)
        }
        return lines
    }

    /// Appends `lines` in random batches and compares after each; returns the last insights.
    @discardableResult
    static func check(
        _ lines: [String], options: InsightOptions, seed: UInt64, minBatch: Int = 1, maxBatch: Int = 2_500,
        live: LiveInsights? = nil, window: ((Int64) -> TimeWindow)? = nil
    ) throws
        -> Insights
    {
        let store = EventStore()
        let appender = CSVAppender(name: "test")
        let live = live ?? LiveInsights(options: options)
        var random = SeededRandom(seed: seed)
        var next = 0
        var batches = 0
        var last: Insights?
        while next < lines.count {
            let n = min(lines.count - next, minBatch + Int(random.next() % UInt64(maxBatch - minBatch + 1)))
            let result = appender.append(Array(lines[next..<(next + n)].joined().utf8), to: store)
            #expect(result.rejected.isEmpty)
            next += n
            batches += 1
            let snapshot = store.snapshot()
            var options = options
            if let window { options.window = window(Int64(snapshot.timeRange.1)) }
            live.follow(snapshot, window: options.window)
            let figures = live.figures(snapshot)
            let scratch = FoldedInsights(snapshot, options: options)
            expectEqual(figures.insights, scratch.insights, after: batches)
            last = figures.insights
            #expect(figures.hourly == scratch.hourly)
            #expect(figures.totals == scratch.totals)
        }
        #expect(batches > 2)
        #expect(live.rows == lines.count)
        return try #require(last)
    }

    static func expectEqual(_ a: Insights, _ b: Insights, after batches: Int) {
        #expect(a.visitors == b.visitors, "visitors per day after batch \(batches)")
        let x = a.abandonment
        let y = b.abandonment
        #expect(x.total == y.total, "abandonment after batch \(batches)")
        #expect(x.abandoningUsers == y.abandoningUsers && x.cartOnlyUsers == y.cartOnlyUsers)
        #expect(x.byDay == y.byDay)
        #expect(x.topCategories == y.topCategories && x.topBrands == y.topBrands && x.topProducts() == y.topProducts())
        #expect(a.categories.categories == b.categories.categories, "categories after batch \(batches)")
        #expect(a.brands.brands == b.brands.brands, "brands after batch \(batches)")
        #expect(a.brands.underExposed == b.brands.underExposed)
        #expect(a.brands.medianVisitors == b.brands.medianVisitors)
        #expect(a.bursts.alerts == b.bursts.alerts, "alerts after batch \(batches)")
        #expect(a.bursts.activeUsers.map(\.start) == b.bursts.activeUsers.map(\.start))
        #expect(a.bursts.activeUsers.map(\.users) == b.bursts.activeUsers.map(\.users))
    }
}
