import Dashboard
import Engine
import Foundation
import Testing

/// A feed with nothing to do: the store is filled beforehand.
final class StillFeed: Feed, @unchecked Sendable {
    var status: FeedStatus { Fixture.feed }
    var speedChanges: [Double] = []
    func start() {}
    func changeSpeed(by factor: Double) { speedChanges.append(factor) }
}

@Suite("The dashboard loop, driven by keys")
struct AppTests {
    func app(_ keys: [Key], width: Int = 120, height: Int = 40) -> (DashboardApp, MemoryTerminal, DashboardModel) {
        let terminal = MemoryTerminal(width: width, height: height)
        terminal.keys = keys
        let model = DashboardModel(store: Fixture.store, options: InsightOptions(minViews: 5))
        model.start(interval: 0.01)
        while model.latest.data == nil { Thread.sleep(forTimeInterval: 0.01) }
        let app = DashboardApp(
            terminal: terminal, model: model, feed: StillFeed(), config: DashboardConfig(),
            theme: .builtIn, catalog: ThemeCatalog())
        return (app, terminal, model)
    }

    @Test("number keys, Tab and Shift-Tab switch panels; the screen shows each panel's title")
    func panels() {
        let (app, terminal, model) = app([.character("5"), .tab, .backTab, .backTab])
        defer { model.stop() }
        app.run(maxFrames: 10)
        #expect(app.state.panel == .categories)
        #expect(terminal.screen?.text.contains("Top categories by hour of day") == true)
    }

    @Test("q quits at once")
    func quit() {
        let (app, terminal, model) = app([.character("q"), .character("5")])
        defer { model.stop() }
        app.run(maxFrames: 1000)
        #expect(app.state.panel == .overview)
        #expect(terminal.keys == [.character("5")])
    }

    @Test("Ctrl-Z suspends through the terminal (the tmux test checks the screen after fg); shouldStop ends the loop")
    func suspendAndStop() {
        let (app, terminal, model) = app([.control("z")])
        defer { model.stop() }
        app.run(maxFrames: 20)
        #expect(terminal.suspensions == 1)
        let (stopped, stoppedTerminal, model2) = self.app([])
        defer { model2.stop() }
        stopped.shouldStop = { true }
        stopped.run(maxFrames: 1000)
        #expect(stoppedTerminal.framesPresented == 0, "asked before every frame")
    }

    @Test("without UTF-8 every panel is drawn in ASCII, one character a cell, its borders in place")
    func asciiScreens() {
        for panel in PanelKind.allCases {
            let (app, terminal, model) = app([.character(Character(String(panel.rawValue + 1)))])
            defer { model.stop() }
            terminal.unicode = false
            app.run(maxFrames: 5)
            let screen = terminal.screen!
            #expect(screen.text.unicodeScalars.allSatisfy { $0.isASCII }, "\(panel): \(screen.text)")
            for line in screen.text.split(separator: "\n") where line.hasPrefix("|") {
                #expect(line.hasSuffix("|"), "\(panel): \(line)")
            }
        }
        #expect(Glyphs.asciiFallback(for: "★") == "*" && Glyphs.asciiFallback(for: "≥") == ">")
        #expect(Glyphs.asciiFallback(for: "▇") == Glyphs.ascii.bars[6] && Glyphs.asciiFallback(for: "é") == "?")
    }

    @Test(
        "on arrival time, Enter on the Live panel opens the user of the alert it lists (the feed's, not the insight's)")
    func arrivalAlertDrill() {
        final class ArrivalFeed: Feed, @unchecked Sendable {
            let user: UInt64
            init(user: UInt64) { self.user = user }
            var status: FeedStatus {
                var f = Fixture.feed
                var arrival = FeedBursts(clock: .arrival)
                arrival.alerts = [BurstAlert(userId: user, windowStart: 0, count: 12, byType: [12, 0, 0, 0])]
                f.feedBursts = arrival
                return f
            }
            func start() {}
            func changeSpeed(by factor: Double) {}
        }
        let snapshot = Fixture.store.snapshot()
        let user = snapshot.userId(3)
        let terminal = MemoryTerminal(width: 120, height: 40)
        terminal.keys = [.character("6"), .enter]
        let model = DashboardModel(store: Fixture.store, options: InsightOptions(minViews: 5))
        model.start(interval: 0.01)
        defer { model.stop() }
        while model.latest.data == nil { Thread.sleep(forTimeInterval: 0.01) }
        #expect(!model.latest.data!.insights.bursts.alerts.contains { $0.userId == user })
        let app = DashboardApp(
            terminal: terminal, model: model, feed: ArrivalFeed(user: user), config: DashboardConfig(),
            theme: .builtIn, catalog: ThemeCatalog())
        app.run(maxFrames: 5)
        #expect(app.state.userEvents?.userId == user)
    }

    @Test("x writes the panel's figures as the report's CSV section and JSON, and the status line says where")
    func exportKey() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecomdash-export-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let terminal = MemoryTerminal(width: 200, height: 40)
        terminal.keys = [.character("5"), .character("x")]
        let model = DashboardModel(store: Fixture.store, options: InsightOptions(minViews: 5))
        model.start(interval: 0.01)
        defer { model.stop() }
        while model.latest.data == nil { Thread.sleep(forTimeInterval: 0.01) }
        var config = DashboardConfig()
        config.exportDirectory = dir
        let app = DashboardApp(
            terminal: terminal, model: model, feed: StillFeed(), config: config, theme: .builtIn,
            catalog: ThemeCatalog())
        app.run(maxFrames: 5)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files.count == 2 && files.allSatisfy { $0.hasPrefix("ecomdash-brands-") }, "\(files)")
        let csv = try String(contentsOfFile: dir + "/" + files[0], encoding: .utf8)
        #expect(
            csv.hasPrefix("brand,views,carts,purchases,revenue,visitors,buyers,conversion,cart_rate"),
            "\(csv.prefix(120))")
        #expect(csv.contains("\nsamsung,136,"), "the real rows' samsung line")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/" + files[1])))
        #expect((json as? [String: Any])?["brands"] != nil)
        #expect(terminal.screen!.text.split(separator: "\n").last!.contains("exported to \(dir)/ecomdash-brands-"))
    }

    @Test("the status line keeps the filter and the count at 80 columns, and names the keys as the config binds them")
    func statusLine() {
        let terminal = MemoryTerminal(width: 80, height: 24)
        let model = DashboardModel(store: Fixture.store, options: InsightOptions(minViews: 5))
        model.start(interval: 0.01)
        defer { model.stop() }
        while model.latest.data == nil { Thread.sleep(forTimeInterval: 0.01) }
        var config = DashboardConfig()
        config.keyOverrides[.quit] = .character("Q")
        let app = DashboardApp(
            terminal: terminal, model: model, feed: StillFeed(), config: config, theme: .builtIn,
            catalog: ThemeCatalog())
        app.run(maxFrames: 3)
        let status = String(terminal.screen!.text.split(separator: "\n").last!)
        #expect(status.contains("filter: whole range · 1,000 of 1,000 events"), "\(status)")
        #expect(status.contains("Q quit") && !status.contains("q quit"), "\(status)")
    }

    @Test("a click on a tab opens its panel, at any width; the wheel moves the selection like ↑ and ↓")
    func mouse() {
        for width in [120, 72, 60] {
            func brandsTab(active: PanelKind) -> (index: Int, label: String, columns: Range<Int>) {
                Chrome.tabLayout(
                    PanelKind.allCases.map(\.title), short: PanelKind.allCases.map(\.shortTitle),
                    active: active.rawValue, width: width
                ).tabs.first { $0.index == PanelKind.brands.rawValue }!
            }
            // Click where the Brands tab is while Overview is open.
            let before = brandsTab(active: .overview)
            let (app, terminal, model) = app(
                [.click(x: before.columns.upperBound - 1, y: 0), .wheelDown, .wheelDown, .wheelUp], width: width)
            defer { model.stop() }
            app.run(maxFrames: 8)
            #expect(app.state.panel == .brands, "width \(width)")
            #expect(app.state.selected == 1)
            // The screen draws the tabs where the layout says: the active tab keeps its name.
            let after = brandsTab(active: .brands)
            #expect(after.label.contains("Brands"))
            let top = terminal.screen?.text.split(separator: "\n").first.map(String.init) ?? ""
            #expect(String(Array(top)[after.columns]) == after.label, "width \(width): \(top)")
        }
        // Clicks outside the tabs change nothing.
        #expect(DashboardRenderer.panel(atColumn: 2, width: 120, active: .overview) == nil)  // the name
        let (app, _, model) = app([.click(x: 5, y: 10), .click(x: 119, y: 0)])
        defer { model.stop() }
        app.run(maxFrames: 4)
        #expect(app.state.panel == .overview)
    }

    @Test("s and r sort the brands; j, k, G move the selection within the list")
    func sortAndMove() {
        let (app, _, model) = app([
            .character("5"), .character("s"), .character("s"), .character("r"), .character("G"),
            .character("k"), .character("j"), .character("j"),
        ])
        defer { model.stop() }
        app.run(maxFrames: 12)
        #expect(app.state.brandSort == .purchases)
        #expect(app.state.descending == false)
        let brands = Fixture.data().insights.brands.brands.count
        #expect(app.state.selected == brands - 1)
    }

    @Test("/ opens the filter; typing a brand and Enter filters every panel; Esc clears it")
    func filter() {
        let typed = "apple".map { Key.character($0) }
        let (app, _, model) = app([.character("/"), .down, .down, .down, .down] + typed + [.enter])
        defer { model.stop() }
        app.run(maxFrames: 12)
        #expect(app.state.filter.brand == "apple")
        #expect(app.state.editor == nil)
        var waited = 0
        while model.latest.data?.options.brand != "apple", waited < 500 {
            Thread.sleep(forTimeInterval: 0.01)
            waited += 1
        }
        let data = model.latest.data!
        #expect(data.insights.brands.brands.map(\.label) == ["apple"])
        #expect(data.events == 98)  // apple's rows among the 1,000
    }

    @Test("Enter on a brand row drills into it; a bad time in the form is reported, not applied")
    func drillAndErrors() {
        let (app, terminal, model) = app([
            .character("5"), .character("j"), .enter, .character("/"), .down,
            .character("x"), .enter,
        ])
        defer { model.stop() }
        app.run(maxFrames: 12)
        let second = Fixture.data().insights.brands.brands[1].label
        #expect(app.state.filter.brand == second)
        #expect(app.state.editor?.error == "from: not a UTC time")
        #expect(terminal.screen?.text.contains("from: not a UTC time") == true)
    }

    @Test("? shows every action; + and - change the replay speed; p pauses")
    func helpSpeedPause() {
        let feed = StillFeed()
        let terminal = MemoryTerminal(width: 120, height: 40)
        terminal.keys = [.character("?"), .character("+"), .character("-"), .character("p")]
        let model = DashboardModel(store: Fixture.store, options: InsightOptions())
        model.start(interval: 0.01)
        defer { model.stop() }
        let app = DashboardApp(
            terminal: terminal, model: model, feed: feed, config: DashboardConfig(), theme: .builtIn,
            catalog: ThemeCatalog())
        terminal.keys = [.character("?")]
        app.run(maxFrames: 2)
        let help = terminal.screen?.text ?? ""
        for action in Action.allCases { #expect(help.contains(action.help), "\(action)") }
        terminal.keys = [.character("?"), .character("+"), .character("-"), .character("p")]
        app.run(maxFrames: 6)
        #expect(feed.speedChanges == [2, 0.5])
        #expect(app.state.paused)
    }

    @Test("s and r on a ranked panel say where they work and change nothing; t names the theme it chose")
    func sortElsewhereAndThemeName() {
        let (app, terminal, model) = app([.character("4"), .character("r"), .character("s")])
        defer { model.stop() }
        app.run(maxFrames: 10)
        #expect(app.state.descending && app.state.brandSort == .views, "the Brands order is untouched")
        let status = terminal.screen?.text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(status.contains("Categories keeps its ranking; s and r sort the list on Brands"))
        terminal.keys = [.character("5"), .character("r")]
        app.run(maxFrames: 10)
        #expect(!app.state.descending, "on Brands, r reverses")
        let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../themes")
        let catalog = ThemeCatalog(environment: ["ECOMDASH_THEMES": themes.standardized.path])
        let themed = DashboardApp(
            terminal: terminal, model: model, feed: StillFeed(), config: DashboardConfig(), theme: .builtIn,
            catalog: catalog)
        terminal.keys = [.character("t")]
        themed.run(maxFrames: 10)
        let line = terminal.screen?.text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(line.contains("theme: \(themed.state.themeName) ("), "\(line)")
    }

    @Test("a key is drawn at once, even right after a frame; new data alone waits for refresh_hz")
    func keysDrawAtOnce() {
        /// Types its keys only once a frame is on screen, as a user answering what they see.
        final class AfterFirstFrame: Terminal {
            let screen = MemoryTerminal(width: 120, height: 40)
            var keys: [Key]
            init(_ keys: [Key]) { self.keys = keys }
            var size: (width: Int, height: Int) { screen.size }
            var unicode: Bool { true }
            func present(_ canvas: Canvas, theme: Theme) { screen.present(canvas, theme: theme) }
            func readKey(milliseconds: Int) -> Key? {
                screen.framesPresented > 0 && !keys.isEmpty ? keys.removeFirst() : nil
            }
            func invalidate() {}
            func suspend() {}
        }
        let terminal = AfterFirstFrame([.character("5")])
        let model = DashboardModel(store: Fixture.store, options: InsightOptions(minViews: 5))
        model.start(interval: 0.01)
        defer { model.stop() }
        while model.latest.data == nil { Thread.sleep(forTimeInterval: 0.01) }
        var config = DashboardConfig()
        config.refreshHz = 1  // a data frame may follow another only 0.9 s later
        let app = DashboardApp(
            terminal: terminal, model: model, feed: StillFeed(), config: config, theme: .builtIn,
            catalog: ThemeCatalog())
        let began = Date()
        app.run(maxFrames: 20)
        #expect(Date().timeIntervalSince(began) < 0.9, "twenty frames without a wait for a key")
        #expect(terminal.screen.framesPresented == 2)
        #expect(terminal.screen.screen?.text.contains("Brands that need more marketing") == true)
        #expect(app.state.panel == .brands)
    }
}
