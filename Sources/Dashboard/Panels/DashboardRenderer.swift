import Engine
import Report

/// Draws a whole screen — tab bar, progress, the active panel, overlays, status line — as a pure
/// function of the data, the feed and the state. The terminal only shows the result.
public enum DashboardRenderer {
    public static let minimumWidth = 60
    public static let minimumHeight = 18

    /// The panel whose tab is drawn at column `x` of the top row, on a screen `width` wide.
    public static func panel(atColumn x: Int, width: Int, active: PanelKind) -> PanelKind? {
        guard width >= minimumWidth else { return nil }
        let layout = Chrome.tabLayout(
            PanelKind.allCases.map(\.title), short: PanelKind.allCases.map(\.shortTitle), active: active.rawValue,
            width: width)
        return layout.tabs.first { $0.columns.contains(x) }.flatMap { PanelKind(rawValue: $0.index) }
    }

    /// - Parameters:
    ///   - computing: the figures of a new filter are on their way; `data` is the previous.
    ///   - window: the window `--from`/`--to` asked for, which the status line names.
    public static func render(
        data: DashboardData?, feed: FeedStatus, state: DashboardState, keys: KeyMap, width: Int, height: Int,
        glyphs: Glyphs, computing: Bool = false, window: TimeWindow = .all
    ) -> Canvas {
        var canvas = Canvas(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            Chrome.centered(
                ["terminal too small:", "need \(minimumWidth)×\(minimumHeight),", "have \(width)×\(height)"],
                on: &canvas)
            return canvas
        }
        let (tabs, rest) = canvas.bounds.splitTop(1)
        Chrome.tabBar(
            PanelKind.allCases.map(\.title), short: PanelKind.allCases.map(\.shortTitle),
            active: state.panel.rawValue, in: tabs, on: &canvas)
        var (status, body) = rest.splitBottom(1)
        if feed.loading {
            let (bar, below) = body.splitTop(1)
            // A lake's saved figures are complete while its rows load: the rows are then for
            // what the figures cannot answer yet (a new filter, a user's events).
            let reading =
                data?.restored == true ? "figures saved with the lake; reading its rows for filters" : "reading"
            let label =
                "\(reading) \(feed.source): \(NumberFormat.grouped(feed.rows)) rows, "
                + "\(NumberFormat.grouped(Int(feed.rowsPerSecond))) rows/s, \(NumberFormat.percent(feed.fraction))"
            ProgressBar(fraction: feed.fraction, label: label).draw(in: bar, on: &canvas, glyphs: glyphs)
            body = below
        }
        if let data {
            let ctx = PanelContext(data: data, feed: feed, state: state, glyphs: glyphs)
            state.panel.panel.draw(ctx, in: body, on: &canvas)
        } else {
            let message = feed.failure.map { ["cannot read the data:", $0] } ?? ["waiting for the first events…"]
            Chrome.centered(message, on: &canvas, style: Style(feed.failure == nil ? .dim : .negative, bold: true))
        }
        var left = "filter: " + state.filter.summary(within: window)
        if state.paused { left = "PAUSED · " + left }
        if computing { left = "computing… · " + left }
        if let data { left += " · \(NumberFormat.grouped(data.events)) of \(NumberFormat.grouped(data.rows)) events" }
        if let notice = feed.notice { left = notice + " · " + left }
        if let failure = feed.failure, data != nil { left = "error: \(failure) · " + left }
        // The hints name the keys as bound (the config may rebind them).
        let hints = [(Action.help, "help"), (.quit, "quit"), (.filter, "filter"), (.nextPanel, "panels")].compactMap {
            action, word in keys.keys(for: action).first.map { "\($0.label) \(word)" }
        }
        Chrome.statusBar(left: left, hints: hints, in: status, on: &canvas)
        if let u = state.userEvents {
            let window = userEventsWindow(u, offset: state.userEventsOffset, height: height)
            let shown =
                window.count < u.events.count
                ? "events \(window.lowerBound + 1)–\(window.upperBound) of the last \(u.events.count) (↑↓ scroll"
                : "last \(u.events.count) events ("
            Chrome.overlay(
                title: "User \(u.userId): \(shown)\(window.count < u.events.count ? " · " : "")Esc closes)",
                lines: userEventLines(u, window), on: &canvas, glyphs: glyphs)
        } else if let editor = state.editor {
            Chrome.overlay(title: "Filter", lines: editor.lines, on: &canvas, glyphs: glyphs)
        } else if state.showHelp {
            Chrome.overlay(
                title: "Keys (? closes)", lines: helpLines(keys, height: height - 4, width: width - 6),
                on: &canvas, glyphs: glyphs)
        }
        return canvas
    }

    /// Which of the user's events fit the overlay on a screen `height` rows high, from `offset`.
    public static func userEventsWindow(_ u: UserEvents, offset: Int, height: Int) -> Range<Int> {
        let fit = max(1, height - 7)
        let start = max(0, min(offset, u.events.count - fit))
        return start..<min(u.events.count, start + fit)
    }

    /// The events as aligned columns under a header: time, type, product, brand, price.
    static func userEventLines(_ u: UserEvents, _ window: Range<Int>) -> [String] {
        let brandWidth = min(16, max(5, window.map { u.events[$0].brand.count }.max() ?? 0))
        let prices = window.map { NumberFormat.money(cents: u.events[$0].priceCents) }
        let priceWidth = max(5, prices.map(\.count).max() ?? 0)
        func row(_ cells: [String]) -> String {
            [
                pad(cells[0], 19, right: false), pad(cells[1], 16, right: false), pad(cells[2], 10, right: true),
                pad(cells[3], brandWidth, right: false), pad(cells[4], priceWidth, right: true),
            ].joined(separator: "  ")
        }
        return [row(["time (UTC)", "type", "product", "brand", "price"])]
            + window.enumerated().map { k, i in
                let e = u.events[i]
                return row([
                    UTCCalendar.datasetString(seconds: e.time).replacingOccurrences(of: " UTC", with: ""),
                    e.type.name, String(e.productId), e.brand.isEmpty ? "(none)" : e.brand, prices[k],
                ])
            }
    }

    private static func pad(_ s: String, _ width: Int, right: Bool) -> String {
        let cut = Canvas.truncate(s, to: width)
        let fill = String(repeating: " ", count: max(0, width - cut.count))
        return right ? fill + cut : cut + fill
    }

    /// One entry per action, its keys and what it does; in two columns when one does not fit.
    static func helpLines(_ keys: KeyMap, height: Int, width: Int) -> [String] {
        let entries =
            Action.allCases.map { a in
                keys.keys(for: a).filter { !$0.isMouse }.map(\.label).joined(separator: " ").padding(toLength: 10)
                    + a.help
            } + ["mouse".padding(toLength: 10) + "click a tab to open it; the wheel moves up and down"]
        guard entries.count > height else { return entries }
        let rows = (entries.count + 1) / 2
        let column = max(20, (width - 3) / 2)
        return (0..<rows).map { i in
            let left = Canvas.truncate(entries[i], to: column).padding(toLength: column)
            return i + rows < entries.count ? left + " " + Canvas.truncate(entries[i + rows], to: column) : left
        }
    }
}

extension String {
    func padding(toLength n: Int) -> String {
        count >= n ? self + " " : self + String(repeating: " ", count: n - count)
    }
}
