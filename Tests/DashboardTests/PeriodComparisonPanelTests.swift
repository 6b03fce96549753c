import Dashboard
import Engine
import Foundation
import Testing

/// The Overview's tiles against a period: the changes compare the figures the dashboard itself
/// shows when filtered to each of the two periods, under the same category, brand and type.
@Suite("Key figures against an earlier period")
struct PeriodComparisonPanelTests {
    static let month: EventStore = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("compare-\(UUID()).csv").path
        let sink = try! FileSink(path: path)
        try! EventGenerator(GeneratorOptions(rows: 60_000, seed: 7, days: 20)).write(to: sink)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let store = EventStore()
        let ingestor = Ingestor()
        _ = try! ingestor.ingest(try! ingestor.open([path]), into: store)
        return store
    }()

    /// The figures the tiles show for `filter`.
    static func tiles(_ filter: DashboardFilter, _ snapshot: EventSnapshot) -> [Double] {
        let d = DashboardData(snapshot, filter: filter, base: InsightOptions(), comparing: nil)
        return [
            Double(d.events), Double(d.visitors), Double(d.sessions), Double(d.purchases), Double(d.revenueCents),
            d.conversion, d.insights.abandonment.total.rate,
        ]
    }

    static func figures(_ k: PeriodKPIs) -> [Double] {
        [
            Double(k.events), Double(k.visitors), Double(k.sessions), Double(k.purchases), Double(k.revenueCents),
            k.conversion, k.abandonmentRate,
        ]
    }

    @Test(
        "three fixed days with a brand: both periods equal the dashboard filtered to each; a week earlier; the whole range compares the last day",
        arguments: [PeriodComparison.Baseline.previousPeriod, .weekBefore])
    func periods(_ baseline: PeriodComparison.Baseline) throws {
        let snapshot = Self.month.snapshot()
        var filter = DashboardFilter()
        filter.preset = .fixed
        filter.window = TimeWindow(
            from: UTCCalendar.parseInstant("2019-10-12")!, to: UTCCalendar.parseInstant("2019-10-15")!)
        let brand = try #require(
            DashboardData(snapshot, filter: DashboardFilter(), base: InsightOptions()).insights.brands.brands.first)
        filter.brand = brand.label
        let data = DashboardData(snapshot, filter: filter, base: InsightOptions(), comparing: baseline)
        let c = try #require(data.comparison)
        let shift: Int64 = baseline == .weekBefore ? 7 * 86_400 : 3 * 86_400
        #expect(c.previous == TimeWindow(from: filter.window.from! - shift, to: filter.window.to! - shift))
        #expect(Self.figures(c.currentKPIs) == Self.tiles(filter, snapshot))
        var before = filter
        before.window = c.previous
        #expect(Self.figures(c.previousKPIs) == Self.tiles(before, snapshot))
        #expect(c.previousKPIs.events > 0)

        let whole = DashboardData(snapshot, filter: DashboardFilter(), base: InsightOptions(), comparing: baseline)
        #expect(whole.comparison?.current == PeriodComparison.lastFullDay(snapshot))
        let screen = DashboardRenderer.render(
            data: whole, feed: Fixture.feed, state: DashboardState(), keys: KeyMap(), width: 120, height: 40,
            glyphs: .unicode
        ).text
        #expect(screen.contains("change of 10-20 against \(baseline == .weekBefore ? "10-13" : "10-19")"))
        #expect(screen.contains("▲ +") || screen.contains("▼ "))
    }

    @Test("c cycles the tiles' baseline: the period before, a week earlier, none")
    func key() {
        let terminal = MemoryTerminal(width: 120, height: 40)
        terminal.keys = [.character("c")]
        let model = DashboardModel(store: Self.month, options: InsightOptions())
        model.start(interval: 0.01)
        defer { model.stop() }
        let app = DashboardApp(
            terminal: terminal, model: model, feed: StillFeed(), config: DashboardConfig(), theme: .builtIn,
            catalog: ThemeCatalog())
        app.run(maxFrames: 200)
        #expect(app.state.baseline == .weekBefore)
        var screen = ""
        // Up to 20 s: a month's folds on a loaded machine (the suite beside a benchmark) took
        // longer than the 3 s this waited.
        let deadline = Date().addingTimeInterval(20)
        while !screen.contains("(a week earlier)"), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            app.run(maxFrames: 2)
            screen = terminal.screen?.text ?? ""
        }
        #expect(screen.contains("(a week earlier)"))
        terminal.keys = [.character("c")]
        app.run(maxFrames: 200)
        #expect(app.state.baseline == nil)
    }
}
