import Dashboard
import Engine
import Foundation
import Synchronization
import Testing

@Suite("A lake's saved views")
struct SavedViewsTests {
    /// A lake in a fresh temporary directory holding the real rows and a generated week with bots
    /// (bursts, anomalies, abandoned carts of many products), removed by `body`'s end.
    private func withLake(_ body: (String, String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecomdash-views-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let generated = dir + "/week.csv"
        try EventGenerator(GeneratorOptions(rows: 30_000, seed: 17, days: 7, bots: 2)).write(
            to: try FileSink(path: generated))
        let lake = try Lake(creatingAt: dir + "/lake")
        _ = try lake.ingest(Fixture.sample)
        _ = try lake.ingest(generated)
        try body(dir + "/lake", dir)
    }

    private func loaded(_ path: String) throws -> EventSnapshot {
        let store = EventStore()
        try Lake(opening: path).load(into: store)
        return store.snapshot()
    }

    /// The lake's views with its unfiltered view (minimum views 5) folded and saved.
    private func savedView(_ path: String) throws -> (SavedViews, InsightOptions, DashboardData) {
        let base = InsightOptions(minViews: 5)
        let views = SavedViews(lake: try Lake(opening: path))
        let folded = DashboardData(try loaded(path), filter: DashboardFilter(), base: base)
        views.save(folded, filter: DashboardFilter(), base: base, baseline: .previousPeriod)
        return (views, base, folded)
    }

    private func screens(_ data: DashboardData) -> [String] {
        PanelKind.allCases.map { panel in
            var state = DashboardState()
            state.panel = panel
            return DashboardRenderer.render(
                data: data, feed: Fixture.feed, state: state, keys: KeyMap(), width: 120, height: 40,
                glyphs: .unicode
            ).text
        }
    }

    @Test("a view read back shows every panel as the fold it was saved from, filtered or not")
    func roundTrip() throws {
        try withLake { path, _ in
            let snapshot = try loaded(path)
            let views = SavedViews(lake: try Lake(opening: path))
            let base = InsightOptions(minViews: 5)
            var brand = DashboardFilter()
            brand.brand = "samsung"
            var day = DashboardFilter()
            day.preset = .lastDay
            for filter in [DashboardFilter(), brand, day] {
                let folded = DashboardData(snapshot, filter: filter, base: base)
                #expect(views.load(filter: filter, base: base, baseline: .previousPeriod) == nil)
                views.save(folded, filter: filter, base: base, baseline: .previousPeriod)
                let read = try #require(views.load(filter: filter, base: base, baseline: .previousPeriod))
                #expect(read.restored)
                #expect(!read.insights.abandonment.abandonedProducts.isEmpty)
                #expect(read.insights.abandonment.abandonedProducts == folded.insights.abandonment.abandonedProducts)
                #expect(
                    read.insights.bursts.activeUsers.map(\.start) == folded.insights.bursts.activeUsers.map(\.start))
                #expect(
                    read.insights.bursts.activeUsers.map(\.users) == folded.insights.bursts.activeUsers.map(\.users))
                #expect(screens(read) == screens(folded), "\(filter.summary(within: .all))")
            }
        }
    }

    @Test("a view is not shown for a lake that changed, other options, another baseline, or a damaged file")
    func keyed() throws {
        try withLake { path, dir in
            let (views, base, _) = try savedView(path)
            #expect(views.load(filter: DashboardFilter(), base: base, baseline: .previousPeriod) != nil)
            #expect(views.load(filter: DashboardFilter(), base: InsightOptions(), baseline: .previousPeriod) == nil)
            #expect(views.load(filter: DashboardFilter(), base: base, baseline: nil) == nil)
            var filter = DashboardFilter()
            filter.eventType = .cart
            #expect(views.load(filter: filter, base: base, baseline: .previousPeriod) == nil)
            // A damaged file reads as none.
            let files = try FileManager.default.contentsOfDirectory(atPath: views.directory)
            #expect(files.count == 1)
            let file = views.directory + "/" + files[0]
            let whole = try Data(contentsOf: URL(fileURLWithPath: file))
            try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: file))
            #expect(views.load(filter: DashboardFilter(), base: base, baseline: .previousPeriod) == nil)
            try whole.write(to: URL(fileURLWithPath: file))
            #expect(views.load(filter: DashboardFilter(), base: base, baseline: .previousPeriod) != nil)
            // Another landing: the lake reopened holds more rows, and the old view is not its own.
            let more = dir + "/more.csv"
            try EventGenerator(GeneratorOptions(rows: 2_000, seed: 18, days: 1)).write(to: try FileSink(path: more))
            _ = try Lake(opening: path).ingest(more)
            let reopened = SavedViews(lake: try Lake(opening: path))
            #expect(reopened.load(filter: DashboardFilter(), base: base, baseline: .previousPeriod) == nil)
            #expect(views.load(filter: DashboardFilter(), base: base, baseline: .previousPeriod) != nil)
        }
    }

    @Test("no more than eight view files are kept, the newest")
    func bounded() throws {
        try withLake { path, _ in
            let views = SavedViews(lake: try Lake(opening: path))
            let snapshot = try loaded(path)
            for minViews in 1...10 {
                let base = InsightOptions(minViews: minViews)
                views.save(
                    DashboardData(snapshot, filter: DashboardFilter(), base: base), filter: DashboardFilter(),
                    base: base, baseline: nil)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: views.directory).count == 8)
            #expect(views.load(filter: DashboardFilter(), base: InsightOptions(minViews: 10), baseline: nil) != nil)
            #expect(views.load(filter: DashboardFilter(), base: InsightOptions(minViews: 1), baseline: nil) == nil)
        }
    }

    @Test("the dashboard shows a lake's saved view before its rows are loaded, and folds nothing once they are")
    func modelShowsSavedView() throws {
        try withLake { path, _ in
            let (views, base, folded) = try savedView(path)
            let store = EventStore()
            let model = DashboardModel(store: store, options: base)
            let loading = Mutex(true)
            model.isFinite = { true }
            model.isComplete = { !loading.withLock { $0 } }
            model.holdWhile = { loading.withLock { $0 } }
            model.savedViews = views
            model.start(interval: 0.005)
            defer { model.stop() }
            let deadline = Date().addingTimeInterval(10)
            while model.latest.data == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            let shown = try #require(model.latest.data)
            #expect(store.count == 0, "shown before any row is loaded")
            #expect(shown.restored && shown.rows == folded.rows)
            #expect(screens(shown) == screens(folded))
            try Lake(opening: path).load(into: store)
            loading.withLock { $0 = false }
            let version = model.latest.version
            while model.latest.version == version, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            let after = try #require(model.latest.data)
            #expect(after.restored, "the saved view answers for the loaded rows: no fold")
        }
    }

    @Test("a lake opened with no saved view saves the one it folded, and only once its rows are all loaded")
    func modelSavesView() throws {
        try withLake { path, _ in
            let base = InsightOptions(minViews: 5)
            let views = SavedViews(lake: try Lake(opening: path))
            let store = EventStore()
            let model = DashboardModel(store: store, options: base)
            let loading = Mutex(true)
            model.isFinite = { true }
            model.isComplete = { !loading.withLock { $0 } }
            model.savedViews = views
            model.start(interval: 0.005)
            defer { model.stop() }
            // The lake's two sources in the order ingested: the real rows first, still loading.
            let appender = CSVAppender(name: "test")
            let body = { (path: String) in
                try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
                    .joined(separator: "\n") + "\n"
            }
            appender.append(Array(try body(Fixture.sample).utf8), to: store)
            let deadline = Date().addingTimeInterval(20)
            while model.latest.data?.rows != 1000, Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            #expect(model.latest.data?.rows == 1000, "figures of part of the rows are shown")
            #expect(
                views.load(filter: DashboardFilter(), base: base, baseline: .previousPeriod) == nil, "but not saved")
            appender.append(
                Array(try body(URL(fileURLWithPath: path).deletingLastPathComponent().path + "/week.csv").utf8),
                to: store)
            loading.withLock { $0 = false }
            while views.load(filter: DashboardFilter(), base: base, baseline: .previousPeriod) == nil, Date() < deadline
            {
                Thread.sleep(forTimeInterval: 0.01)
            }
            let snapshot = try loaded(path)
            #expect(store.count == snapshot.count)
            let saved = try #require(views.load(filter: DashboardFilter(), base: base, baseline: .previousPeriod))
            #expect(saved.rows == snapshot.count)
            var folded = DashboardData(snapshot, filter: DashboardFilter(), base: base)
            folded.computeSeconds = saved.computeSeconds  // the Live panel shows how long a fold took
            #expect(screens(saved) == screens(folded))
        }
    }
}
