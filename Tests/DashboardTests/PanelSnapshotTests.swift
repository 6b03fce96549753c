import Dashboard
import Engine
import Foundation
import Testing

@Suite("Panels and widgets render as recorded")
struct PanelSnapshotTests {
    static let sizes = [(120, 40), (80, 24), (60, 18)]

    @Test("every panel at 120×40, 80×24 and the smallest size, 60×18", arguments: PanelKind.allCases)
    func panels(_ panel: PanelKind) {
        let data = Fixture.data()
        for (w, h) in Self.sizes {
            var state = DashboardState()
            state.panel = panel
            let canvas = DashboardRenderer.render(
                data: data, feed: Fixture.feed, state: state, keys: KeyMap(), width: w,
                height: h, glyphs: .unicode)
            Snapshot.assert(canvas, named: "panel-\(panel)-\(w)x\(h)")
            for box in Self.boxes(canvas.text) {
                #expect(!box.inner.allSatisfy { $0 == " " }, "\(panel) at \(w)×\(h): the box \(box.title) is empty")
            }
        }
    }

    /// Every box drawn on a screen: its title line and the text inside its borders.
    static func boxes(_ screen: String) -> [(title: String, inner: String)] {
        let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        var found: [(String, String)] = []
        for (y, row) in rows.enumerated() {
            for (x, c) in row.enumerated() where c == "┌" {
                guard let right = row[x...].firstIndex(of: "┐"),
                    let bottom = rows[(y + 1)...].firstIndex(where: { $0.count > x && $0[x] == "└" })
                else { continue }
                let inner = rows[(y + 1)..<bottom].map { String($0[(x + 1)..<min(right, $0.count)]) }.joined()
                found.append((String(row[x...right]), inner))
            }
        }
        return found
    }

    @Test("the real rows' figures are on screen")
    func figures() {
        var state = DashboardState()
        let screen = { (panel: PanelKind) -> String in
            state.panel = panel
            return DashboardRenderer.render(
                data: Fixture.data(), feed: Fixture.feed, state: state, keys: KeyMap(),
                width: 120, height: 40, glyphs: .unicode
            ).text
        }
        #expect(screen(.overview).contains("2,387.84"))  // revenue
        #expect(screen(.overview).contains("66.67%"))  // abandonment rate
        #expect(screen(.visitors).contains("330"))
        #expect(screen(.brands).contains("samsung"))
        #expect(screen(.categories).contains("electronics.smartphone"))
    }

    @Test("the status line names the window --from/--to asked for as the whole range; a preset keeps its name")
    func statusWindow() {
        var state = DashboardState()
        let base = TimeWindow(from: UTCCalendar.parseInstant("2019-10-01 00:10"), to: nil)
        let status = { (window: TimeWindow) -> String in
            let text = DashboardRenderer.render(
                data: Fixture.data(), feed: Fixture.feed, state: state, keys: KeyMap(),
                width: 120, height: 40, glyphs: .unicode, window: window
            ).text
            return String(text.split(separator: "\n").last ?? "")
        }
        #expect(status(.all).hasPrefix(" filter: whole range ·"))
        #expect(status(base).hasPrefix(" filter: 2019-10-01T00:10:00Z → end ·"), "\(status(base))")
        state.filter.preset = .lastHour
        #expect(status(base).hasPrefix(" filter: last hour ·"))
    }

    @Test("overlays, ASCII glyphs, a loading screen and a terminal too small")
    func states() {
        var state = DashboardState()
        state.showHelp = true
        let data = Fixture.data()
        Snapshot.assert(
            DashboardRenderer.render(
                data: data, feed: Fixture.feed, state: state, keys: KeyMap(), width: 80,
                height: 24, glyphs: .unicode), named: "help-80x24")
        state.showHelp = false
        state.editor = FilterEditor(DashboardFilter())
        Snapshot.assert(
            DashboardRenderer.render(
                data: data, feed: Fixture.feed, state: state, keys: KeyMap(), width: 80,
                height: 24, glyphs: .unicode), named: "filter-editor-80x24")
        state.editor = nil
        state.panel = .categories
        Snapshot.assert(
            DashboardRenderer.render(
                data: data, feed: Fixture.feed, state: state, keys: KeyMap(), width: 80,
                height: 24, glyphs: .ascii), named: "categories-ascii-80x24")
        var loading = Fixture.feed
        loading.loading = true
        loading.bytesRead = 40
        loading.bytesTotal = 100
        Snapshot.assert(
            DashboardRenderer.render(
                data: nil, feed: loading, state: DashboardState(), keys: KeyMap(),
                width: 80, height: 24, glyphs: .unicode), named: "loading-80x24")
        let small = DashboardRenderer.render(
            data: data, feed: Fixture.feed, state: DashboardState(), keys: KeyMap(),
            width: 20, height: 6, glyphs: .unicode)
        #expect(small.text.contains("terminal too small"))
        #expect(small.text.contains("need 60×18"))
    }

    @Test("widgets at two sizes")
    func widgets() {
        for (w, h) in [(40, 6), (24, 4)] {
            var c = Canvas(width: w, height: h)
            Sparkline([1, 2, 3, 5, 8, 13, 8, 5, 3, 2, 1, 0, 4]).draw(
                in: Rect(x: 0, y: 0, width: w, height: h), on: &c, glyphs: .unicode)
            Snapshot.assert(c, named: "widget-sparkline-\(w)x\(h)")
            c = Canvas(width: w, height: h)
            BarChart([.init("view", 987, "987"), .init("cart", 3, "3"), .init("purchase", 10, "10")]).draw(
                in: c.bounds, on: &c, glyphs: .unicode)
            Snapshot.assert(c, named: "widget-barchart-\(w)x\(h)")
            c = Canvas(width: w, height: h)
            var table = TableView(
                columns: [.init("brand", width: 8, left: true), .init("views", width: 7), .init("conv", width: 6)],
                rows: [["samsung", "136", "0.74%"], ["apple", "91", "5.49%"], ["xiaomi", "47", "2.13%"]])
            table.selected = 1
            table.sortColumn = 1
            table.draw(in: c.bounds, on: &c, glyphs: .unicode)
            Snapshot.assert(c, named: "widget-table-\(w)x\(h)")
            c = Canvas(width: w, height: h)
            Heatmap(
                rowLabels: ["phones", "tvs", "(none)"], columnLabels: ["Mon", "Tue", "Wed"],
                values: [[100, 10, 0], [1, 50, 5], [0, 0, 1000]]
            ).draw(in: c.bounds, on: &c, glyphs: .unicode)
            Snapshot.assert(c, named: "widget-heatmap-\(w)x\(h)")
            c = Canvas(width: w, height: h)
            KPITile("revenue", "2,387.84", note: KPITile.Note("10 purchases", .dim)).draw(
                in: c.bounds, on: &c, glyphs: .unicode)
            ProgressBar(fraction: 0.4, label: "40%").draw(
                in: Rect(x: 0, y: h - 1, width: w, height: 1), on: &c, glyphs: .unicode)
            Snapshot.assert(c, named: "widget-kpi-progress-\(w)x\(h)")
        }
    }

    @Test("bursting users appear on the Live panel, newest first, and Enter shows a user's events")
    func liveAlerts() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ecomdash-bots-\(UUID().uuidString).csv"
        ).path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try EventGenerator(GeneratorOptions(rows: 20_000, seed: 11, days: 2, bots: 3)).write(
            to: try FileSink(path: path))
        let store = EventStore()
        let ingestor = Ingestor()
        _ = try ingestor.ingest(try ingestor.open([path]), into: store)
        var data = DashboardData(store.snapshot(), filter: DashboardFilter(), base: InsightOptions())
        data.computeSeconds = 0.012
        var state = DashboardState()
        state.panel = .live
        let canvas = DashboardRenderer.render(
            data: data, feed: Fixture.feed, state: state, keys: KeyMap(), width: 120,
            height: 40, glyphs: .unicode)
        Snapshot.assert(canvas, named: "live-alerts-120x40")
        let newest = try #require(data.insights.bursts.alerts.last)
        #expect(canvas.text.contains(String(newest.userId)))
        state.userEvents = UserEvents(store.snapshot(), userId: newest.userId)
        let overlay = DashboardRenderer.render(
            data: data, feed: Fixture.feed, state: state, keys: KeyMap(), width: 120,
            height: 40, glyphs: .unicode)
        let events = state.userEvents!.events
        #expect(events.count == 50)  // the bot's last 50 events, more than fit: the overlay scrolls
        #expect(overlay.text.contains("User \(newest.userId): events 1–33 of the last 50 (↑↓ scroll · Esc closes)"))
        state.userEventsOffset = 100  // past the end: the last screenful
        let end = DashboardRenderer.render(
            data: data, feed: Fixture.feed, state: state, keys: KeyMap(), width: 120, height: 40, glyphs: .unicode)
        #expect(end.text.contains("events 18–50 of the last 50"))
        let newestTime = UTCCalendar.datasetString(seconds: events.last!.time).replacingOccurrences(
            of: " UTC", with: "")
        #expect(end.text.contains(newestTime))
        Snapshot.assert(end, named: "user-events-120x40")
    }

    @Test("a heat map's empty cells stay apart from its smallest values")
    func heatLevels() {
        #expect(Heatmap.level(0, bottom: 1, top: 1000, levels: 5) == nil)
        #expect(Heatmap.level(1, bottom: 1, top: 1000, levels: 5) == 0)
        #expect(Heatmap.level(1000, bottom: 1, top: 1000, levels: 5) == 4)
        #expect(Heatmap.level(31, bottom: 1, top: 1000, levels: 5) == 2)
    }
}
