import Engine
import Foundation

/// The interactive loop: keys change the state, the model's data and the feed's status are
/// drawn only when something changed: at once for what a key did, at most `refreshHz` times a
/// second for new data.
public final class DashboardApp {
    private let terminal: Terminal
    private let model: DashboardModel
    private let feed: Feed
    private let keys: KeyMap
    private let catalog: ThemeCatalog
    private let themeNames: [String]
    private var theme: Theme
    private let refreshHz: Int
    public private(set) var state: DashboardState
    /// Shown in the status line: the settings file's warnings.
    private let notice: String?
    /// Told of every frame drawn, to measure append-to-screen latency.
    public var probe: ScreenLatencyProbe?
    /// Asked between frames: true ends the loop as `q` does (SIGHUP, SIGTERM), so that the
    /// terminal is restored and what the dashboard made is removed.
    public var shouldStop: () -> Bool = { false }
    /// Set when the whole screen must be drawn again (after a suspension).
    private var mustRedraw = false
    /// Where the export key writes.
    private let exportDirectory: String
    /// The outcome of the last export, shown in the status line until the next key.
    private var message: String?

    public init(
        terminal: Terminal, model: DashboardModel, feed: Feed, config: DashboardConfig, theme: Theme,
        catalog: ThemeCatalog
    ) {
        self.terminal = terminal
        self.model = model
        self.feed = feed
        self.keys = KeyMap(overrides: config.keyOverrides)
        self.catalog = catalog
        self.theme = theme
        self.refreshHz = config.refreshHz
        themeNames = catalog.names.isEmpty ? ["default"] : catalog.names
        state = DashboardState()
        state.panel = config.defaultPanel
        state.themeName = theme.name
        state.level = config.categoryLevel
        notice = config.warnings.isEmpty ? nil : "\(config.warnings.count) config warning(s) (see stderr)"
        exportDirectory = config.exportDirectory
    }

    /// Runs until the user quits; `maxFrames` bounds the loop for tests.
    public func run(maxFrames: Int? = nil) {
        var shown: (version: Int, feed: FeedStatus, state: DashboardState, size: Int, computing: Bool)? = nil
        var frames = 0
        let frame = 1000 / max(1, refreshHz)
        var lastDraw = Date.distantPast
        while maxFrames.map({ frames < $0 }) ?? true, !shouldStop() {
            frames += 1
            // Wake often to draw new data soon after it is published; draw at most refreshHz times a second.
            if let key = terminal.readKey(milliseconds: min(frame, 10)) {
                if !handle(key) { return }
                // Drain keys already typed before drawing (key repeat, pastes).
                while let more = terminal.readKey(milliseconds: 0) {
                    if !handle(more) { return }
                }
            }
            let (data, version) = model.latest
            var status = feed.status
            if let message { status.notice = message } else if status.notice == nil { status.notice = notice }
            let (w, h) = terminal.size
            let computing = model.isComputing
            let now = (version, status, state, w << 16 | h, computing)
            if mustRedraw {
                shown = nil
                mustRedraw = false
            }
            // What a key did (the state, a size, a requested view computed or begun) is drawn at
            // once; new data alone waits for the next of refreshHz frames a second.
            let answersKey = shown.map { $0.state != now.2 || $0.size != now.3 || $0.computing != now.4 } ?? true
            let changed = answersKey || shown.map { $0.version != now.0 || $0.feed != now.1 } ?? true
            guard changed, answersKey || Date().timeIntervalSince(lastDraw) >= 1 / Double(refreshHz) * 0.9 else {
                continue
            }
            let canvas = DashboardRenderer.render(
                data: data, feed: status, state: state, keys: keys, width: w, height: h,
                glyphs: terminal.unicode ? .unicode : .ascii, computing: computing, window: model.baseOptions.window)
            terminal.present(canvas, theme: theme)
            if let data { probe?.drawn(rows: data.rows) }
            shown = now
            lastDraw = Date()
        }
    }

    /// Applies a key; false means quit.
    func handle(_ key: Key) -> Bool {
        if key == .resize { return true }
        message = nil
        if state.editor != nil { return editFilter(key) }
        if case .click(let x, let y) = key {
            // A click on a tab opens its panel; elsewhere it does nothing yet.
            if y == 0, let p = DashboardRenderer.panel(atColumn: x, width: terminal.size.width, active: state.panel) {
                switchTo(p.rawValue)
            }
            return true
        }
        if key == .control("c") { return false }
        guard let action = keys.action(for: key) else { return true }
        if let u = state.userEvents, scrollUserEvents(u, action) { return true }
        let count = rowCount()
        switch action {
        case .quit: return false
        case .help: state.showHelp.toggle()
        case .nextPanel: switchTo((state.panel.rawValue + 1) % PanelKind.allCases.count)
        case .previousPanel: switchTo((state.panel.rawValue + PanelKind.allCases.count - 1) % PanelKind.allCases.count)
        case .panel(let p): switchTo(p.rawValue)
        case .up: move(-1, count)
        case .down: move(1, count)
        case .pageUp: move(-10, count)
        case .pageDown: move(10, count)
        case .top: state.selection[state.panel] = 0
        case .bottom: state.selection[state.panel] = max(0, count - 1)
        case .sort:
            if state.panel.panel.sortable {
                state.brandSort = BrandColumn(rawValue: (state.brandSort.rawValue + 1) % BrandColumn.allCases.count)!
            } else {
                message = fixedOrder
            }
        case .reverse:
            if state.panel.panel.sortable { state.descending.toggle() } else { message = fixedOrder }
        case .pause:
            state.paused.toggle()
            model.setPaused(state.paused)
        case .theme: nextTheme()
        case .faster: feed.changeSpeed(by: 2)
        case .slower: feed.changeSpeed(by: 0.5)
        case .redraw: terminal.invalidate()
        case .suspend:
            terminal.suspend()
            mustRedraw = true
        case .export: export()
        case .compare:
            let order: [PeriodComparison.Baseline?] = [.previousPeriod, .weekBefore, nil]
            state.baseline = order[((order.firstIndex(of: state.baseline) ?? 0) + 1) % order.count]
            model.setBaseline(state.baseline)
        case .filter:
            state.showHelp = false
            state.editor = FilterEditor(state.filter)
        case .clearFilter:
            if state.userEvents != nil {
                state.userEvents = nil
            } else if state.showHelp {
                state.showHelp = false
            } else if !state.filter.isEmpty {
                state.filter = DashboardFilter()
                model.setFilter(state.filter)
            }
        case .drill: drill()
        case .heatmapAxis: state.byWeekday.toggle()
        case .metric:
            let order: [ActivityMetric] = [.views, .carts, .purchases, .revenue]
            state.metric = order[((order.firstIndex(of: state.metric) ?? 0) + 1) % order.count]
        case .level:
            let order: [Int?] = [nil, 1, 2, 3]
            state.level = order[((order.firstIndex(of: state.level) ?? 0) + 1) % order.count]
            var options = model.baseOptions
            options.categoryLevel = state.level
            model.setBase(options)
        }
        return true
    }

    /// Said when `s` or `r` is pressed on a panel whose lists keep their ranking.
    private var fixedOrder: String {
        let sortable = PanelKind.allCases.filter { $0.panel.sortable }.map(\.title).joined(separator: ", ")
        return "\(state.panel.title) keeps its ranking; s and r sort the list on \(sortable)"
    }

    /// ↑ ↓ PgUp PgDn Home End move through a user's events while they are shown; true when the
    /// key was one of those.
    private func scrollUserEvents(_ u: UserEvents, _ action: Action) -> Bool {
        let fit = DashboardRenderer.userEventsWindow(u, offset: 0, height: terminal.size.height).count
        let last = max(0, u.events.count - fit)
        switch action {
        case .up: state.userEventsOffset -= 1
        case .down: state.userEventsOffset += 1
        case .pageUp: state.userEventsOffset -= fit
        case .pageDown: state.userEventsOffset += fit
        case .top: state.userEventsOffset = 0
        case .bottom: state.userEventsOffset = last
        default: return false
        }
        state.userEventsOffset = max(0, min(last, state.userEventsOffset))
        return true
    }

    /// Writes the panel's figures, as filtered, and says where (or why not) in the status line.
    private func export() {
        guard let data = model.latest.data else {
            message = "nothing to export yet"
            return
        }
        do {
            let files = try PanelExport.write(data, feed: feed.status, panel: state.panel, directory: exportDirectory)
            message = "exported to " + files.joined(separator: " and ")
        } catch {
            message = "export failed: \(error.localizedDescription)"
        }
    }

    private func switchTo(_ index: Int) {
        state.panel = PanelKind(rawValue: index)!
        state.showHelp = false
    }

    private func move(_ delta: Int, _ count: Int) {
        state.selection[state.panel] = max(0, min(max(0, count - 1), state.selected + delta))
    }

    /// What the active panel draws from, when there is data.
    private var context: PanelContext? {
        model.latest.data.map { PanelContext(data: $0, feed: feed.status, state: state, glyphs: .unicode) }
    }

    /// Rows of the active panel's main list, to bound the selection.
    private func rowCount() -> Int {
        context.map { state.panel.panel.listCount($0) } ?? 0
    }

    /// Enter: what the panel's selected row asks for — a filter on its category or brand, or a
    /// user's events.
    private func drill() {
        guard let ctx = context, let drill = state.panel.panel.drill(ctx, row: state.selected) else { return }
        switch drill {
        case .category(let c): state.filter.categoryPrefix = c
        case .brand(let b): state.filter.brand = b
        case .user(let id):
            let events = UserEvents(model.store.snapshot(), userId: id)
            state.userEvents = events
            // Open on the newest events, the end of the list.
            state.userEventsOffset = max(
                0,
                events.events.count
                    - DashboardRenderer.userEventsWindow(events, offset: 0, height: terminal.size.height).count)
            return
        }
        state.selection[state.panel] = 0
        model.setFilter(state.filter)
    }

    private func nextTheme() {
        let i = ((themeNames.firstIndex(of: state.themeName) ?? -1) + 1) % themeNames.count
        if let t = try? catalog.theme(named: themeNames[i]) {
            theme = t
            state.themeName = themeNames[i]
            message = "theme: \(themeNames[i]) (\(i + 1) of \(themeNames.count))"
            terminal.invalidate()
        }
    }

    /// Keys while the filter form is open.
    private func editFilter(_ key: Key) -> Bool {
        guard var e = state.editor else { return true }
        e.error = nil
        let fields = FilterEditor.Field.allCases
        switch key {
        case .escape: state.editor = nil; return true
        case .control("c"): return false
        case .tab, .down: e.field = fields[(e.field.rawValue + 1) % fields.count]
        case .backTab, .up: e.field = fields[(e.field.rawValue + fields.count - 1) % fields.count]
        case .left, .right:
            let step = key == .right ? 1 : -1
            if e.field == .time {
                let p = DashboardFilter.TimePreset.allCases
                e.preset = p[((p.firstIndex(of: e.preset) ?? 0) + step + p.count) % p.count]
            } else if e.field == .type {
                let t: [EventType?] = [nil] + EventType.allCases
                e.type = t[((t.firstIndex(of: e.type) ?? 0) + step + t.count) % t.count]
            }
        case .backspace: edit(&e) { if !$0.isEmpty { $0.removeLast() } }
        case .character(let c): edit(&e) { $0.append(c) }
        case .enter:
            switch e.filter() {
            case .success(let f):
                state.filter = f
                state.editor = nil
                model.setFilter(f)
                return true
            case .failure(let err): e.error = err.message
            }
        default: break
        }
        state.editor = e
        return true
    }

    private func edit(_ e: inout FilterEditor, _ change: (inout String) -> Void) {
        switch e.field {
        case .from:
            change(&e.from)
            e.preset = .fixed
        case .to:
            change(&e.to)
            e.preset = .fixed
        case .category: change(&e.category)
        case .brand: change(&e.brand)
        case .time, .type: break
        }
    }
}
