import Engine
import Foundation
import Report
import Testing

@testable import Dashboard

/// The dashboard keeps its figures up to date batch by batch, sliding windows too; whatever the
/// filter, the pauses and the order of events, what it shows must equal a recomputation from the
/// snapshot.
@Suite("Dashboard updates")
struct DashboardUpdaterTests {
    /// Every figure of the data: the report's JSON of its insights, and the series and totals.
    static func figures(_ d: DashboardData) -> String {
        let source = ReportSource(inputs: ["test"], rows: d.rows, rejected: 0, window: d.options.window)
        let json = ReportDocument(source: source, insights: d.insights, options: d.options, top: nil).json
        return
            "\(json)\n\(d.hourly)\n\(d.recent)\n\(d.visitors) \(d.sessions) \(d.eventsByType)\n\(String(describing: d.comparison))"
    }

    static func generatedRows() throws -> [String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("updater-\(UUID().uuidString).csv")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try EventGenerator(GeneratorOptions(rows: 9_000, seed: 21, days: 3, bots: 4)).write(
            to: try FileSink(path: path))
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { $0 + "\n" }
    }

    @Test("after each batch, under changing filters, a sliding window and a pause, figures equal a recomputation")
    func updatesEqualRecomputation() throws {
        let rows = try Self.generatedRows()
        let base = InsightOptions(minViews: 10)
        var category = DashboardFilter()
        category.categoryPrefix = "electronics"
        var purchases = DashboardFilter()
        purchases.eventType = .purchase
        var lastHour = DashboardFilter()
        lastHour.preset = .lastHour
        var fixed = DashboardFilter()
        fixed.preset = .fixed
        fixed.window = TimeWindow(
            from: UTCCalendar.parseInstant("2019-10-02"), to: UTCCalendar.parseInstant("2019-10-03"))
        // One filter per stretch of batches; the view goes back to "everything" twice.
        let filters = [DashboardFilter(), category, category, purchases, lastHour, DashboardFilter(), fixed, fixed]

        let store = EventStore()
        let appender = CSVAppender(name: "test")
        var updater = DashboardUpdater()
        var paused: EventSnapshot? = nil
        let batch = rows.count / 24
        for (k, start) in stride(from: 0, to: rows.count, by: batch).enumerated() {
            appender.append(Array(rows[start..<min(rows.count, start + batch)].joined().utf8), to: store)
            let snapshot = store.snapshot()
            let filter = filters[k * filters.count / 24]
            let computed = updater.data(snapshot, filter: filter, base: base)
            let shown = try #require(computed)
            #expect(
                Self.figures(shown) == Self.figures(DashboardData(snapshot, filter: filter, base: base)),
                "batch \(k), filter \(filter.summary())")
            #expect(shown.keptUpToDate)
            #expect(updater.alertsOnAllRows(snapshot, base: base) == BurstAlerts(snapshot, options: base).alerts)
            // A pause shows an older snapshot than the rows already folded in (and, under "last
            // hour", an hour that starts before the one followed: new figures, not a slide back).
            if k == 9 { paused = snapshot }
            if k == 12, let older = paused {
                let computedOlder = updater.data(older, filter: filter, base: base)
                let frozen = try #require(computedOlder)
                #expect(Self.figures(frozen) == Self.figures(DashboardData(older, filter: filter, base: base)))
            }
        }
        #expect(store.count == rows.count)
    }

    @Test("a stream's tiles follow rows that land after the compared days and late rows that land in them")
    func comparisonFollowsLateRows() throws {
        let store = EventStore()
        let appender = CSVAppender(name: "test")
        appender.append(Array(try Self.generatedRows().joined().utf8), to: store)
        let base = InsightOptions(minViews: 10)
        var updater = DashboardUpdater()
        let computed = updater.data(store.snapshot(), filter: DashboardFilter(), base: base)
        let first = try #require(computed)
        let compared = try #require(first.comparison)
        func line(_ t: Int64) -> String {
            "\(UTCCalendar.isoString(seconds: t).prefix(19).replacingOccurrences(of: "T", with: " ")) UTC,"
                + "view,1,2,electronics.smartphone,apple,10.00,42,s-late\n"
        }
        // A row after the compared days, then one in the earlier of them (late by two days).
        let afterThem = max(compared.current.to!, Int64(store.snapshot().timeRange.1)) + 60
        for (t, landsInIt) in [(afterThem, false), (compared.previous.from! + 3600, true)] {
            appender.append(Array(line(t).utf8), to: store)
            let snapshot = store.snapshot()
            let update = updater.data(snapshot, filter: DashboardFilter(), base: base)
            let shown = try #require(update)
            let fresh = DashboardData(snapshot, filter: DashboardFilter(), base: base).comparison
            #expect(shown.comparison == fresh)
            #expect((fresh?.previousKPIs.events == compared.previousKPIs.events + 1) == landsInIt)
        }
    }

    @Test("under 'last day' the tiles' compared days slide with the data; clearing finds the unfiltered ones kept")
    func periodsSlide() throws {
        let rows = try Self.generatedRows()
        let store = EventStore()
        let appender = CSVAppender(name: "test")
        let base = InsightOptions(minViews: 10)
        var updater = DashboardUpdater()
        var lastDay = DashboardFilter()
        lastDay.preset = .lastDay
        appender.append(Array(rows[..<4_000].joined().utf8), to: store)
        _ = updater.data(store.snapshot(), filter: DashboardFilter(), base: base)
        #expect(updater.newPeriods == 2)
        let comparedDay = PeriodComparison.lastFullDay(store.snapshot())
        for (k, start) in stride(from: 4_000, to: 4_800, by: 100).enumerated() {
            appender.append(Array(rows[start..<(start + 100)].joined().utf8), to: store)
            let snapshot = store.snapshot()
            let filter = k < 5 ? lastDay : DashboardFilter()
            let computed = updater.data(snapshot, filter: filter, base: base)
            let shown = try #require(computed)
            #expect(Self.figures(shown) == Self.figures(DashboardData(snapshot, filter: filter, base: base)))
        }
        try #require(PeriodComparison.lastFullDay(store.snapshot()) == comparedDay, "the rows stay in one day")
        #expect(
            updater.newPeriods == 3,
            "the day before for the first 'last day' (the last day is the panels' own window); none as it slid, none when it was cleared"
        )
    }

    @Test("a file's unfiltered view stays kept through any number of filters: clearing one never folds again")
    func unfilteredViewKept() throws {
        let store = EventStore()
        _ = CSVAppender(name: "test").append(Array(try Self.generatedRows().joined().utf8), to: store)
        let snapshot = store.snapshot()
        let base = InsightOptions(minViews: 10)
        var updater = DashboardUpdater()
        var filters: [DashboardFilter] = []
        for brand in snapshot.brandLabels.filter({ !$0.isEmpty }).prefix(6) {
            var f = DashboardFilter()
            f.brand = brand
            filters.append(f)
        }
        _ = updater.data(snapshot, filter: DashboardFilter(), base: base, finite: true)
        for (k, filter) in filters.enumerated() {
            _ = updater.data(snapshot, filter: filter, base: base, finite: true)
            let cleared = updater.data(snapshot, filter: DashboardFilter(), base: base, finite: true)
            #expect(updater.foldedViews == k + 2, "filter \(k + 1): only the filter is folded")
            #expect(cleared?.events == snapshot.count)
        }
        // The last views shown stay too: going back to the one before is immediate.
        _ = updater.data(snapshot, filter: filters[4], base: base, finite: true)
        #expect(updater.foldedViews == filters.count + 1)
        // Five filters one after another, then cleared: the unfiltered view is still there.
        var other = DashboardFilter()
        for type in EventType.allCases {
            other.eventType = type
            _ = updater.data(snapshot, filter: other, base: base, finite: true)
        }
        let folded = updater.foldedViews
        other.eventType = nil
        other.categoryPrefix = "electronics"
        _ = updater.data(snapshot, filter: other, base: base, finite: true)
        _ = updater.data(snapshot, filter: DashboardFilter(), base: base, finite: true)
        #expect(updater.foldedViews == folded + 1, "the unfiltered view was kept")
        // Kept in the order last shown: a view shown again outlives those shown once since.
        let views = Array(filters.prefix(4))
        let before = updater.foldedViews
        for f in views.prefix(3) + [views[0], views[3], views[0]] {
            _ = updater.data(snapshot, filter: f, base: base, finite: true)
        }
        #expect(updater.foldedViews == before + 4, "the first brand, shown again, stayed kept")
    }

    @Test(
        "a window's tiles are its panels' figures, equal to a fold of the period's rows; the whole range's are its last day's"
    )
    func windowTilesEqualAFold() throws {
        let rows = try Self.generatedRows()
        let store = EventStore()
        _ = CSVAppender(name: "test").append(Array(rows.joined().utf8), to: store)
        let snapshot = store.snapshot()
        let base = InsightOptions(minViews: 10)
        var lastDay = DashboardFilter()
        lastDay.preset = .lastDay
        var lastHourOfCarts = DashboardFilter()
        lastHourOfCarts.preset = .lastHour
        lastHourOfCarts.eventType = .cart
        var fixed = DashboardFilter()
        fixed.preset = .fixed
        fixed.categoryPrefix = "electronics"
        fixed.window = TimeWindow(from: UTCCalendar.parseInstant("2019-10-02 06:00"), to: nil)
        for filter in [DashboardFilter(), lastDay, lastHourOfCarts, fixed] {
            let options = filter.options(base: base, latest: Int64(snapshot.timeRange.1))
            var period = options
            period.window = try #require(PeriodComparison.period(options.window, in: snapshot))
            let fold = PeriodComparison(snapshot, options: period)
            #expect(DashboardData(snapshot, filter: filter, base: base).comparison == fold, "\(filter.summary())")
            var updater = DashboardUpdater()
            let computed = updater.data(snapshot, filter: filter, base: base)
            let followed = try #require(computed)
            #expect(followed.comparison == fold, "\(filter.summary()), followed")
            // The whole range compares its last full day: both periods are folded apart.
            #expect(updater.newPeriods == (filter.preset == .all ? 2 : 1), "only the period before is folded apart")
        }
    }
}
