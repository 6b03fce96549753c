/// What the keys do. Every default is reachable without AltGr; the config file's `[keys]`
/// section rebinds any action by its name (`quit = "x"`, `panel_3 = "c"`). There is one `panel`
/// action a panel, numbered in tab order, so the list of panels drives the number keys.
public enum Action: Hashable, CaseIterable, Sendable {
    case quit, help, nextPanel, previousPanel
    case panel(PanelKind)
    case up, down, top, bottom, pageUp, pageDown
    case sort, reverse, pause, theme, faster, slower, redraw, suspend, export, compare
    case filter, clearFilter, drill
    case heatmapAxis, metric, level

    public static var allCases: [Action] {
        [.quit, .help, .nextPanel, .previousPanel] + PanelKind.allCases.map { .panel($0) } + [
            .up, .down, .top, .bottom, .pageUp, .pageDown, .sort, .reverse, .pause, .theme, .faster, .slower,
            .redraw, .suspend, .export, .compare, .filter, .clearFilter, .drill, .heatmapAxis, .metric, .level,
        ]
    }

    /// The name the config file uses: `next_panel`, `panel_1`, …
    public var name: String {
        switch self {
        case .nextPanel: "next_panel"
        case .previousPanel: "previous_panel"
        case .panel(let p): "panel_\(p.number)"
        case .pageUp: "page_up"
        case .pageDown: "page_down"
        case .clearFilter: "clear_filter"
        case .heatmapAxis: "heatmap_axis"
        default: "\(self)"
        }
    }

    /// The action a config file names, if any.
    public init?(name: String) {
        guard let a = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = a
    }

    /// One line of the help overlay.
    public var help: String {
        switch self {
        case .quit: "quit"
        case .help: "show or hide this help"
        case .nextPanel: "next panel"
        case .previousPanel: "previous panel"
        case .panel(let p): p.title
        case .up: "move up"
        case .down: "move down"
        case .top: "first row"
        case .bottom: "last row"
        case .pageUp: "page up"
        case .pageDown: "page down"
        case .sort: "sort by the next column"
        case .reverse: "reverse the sort"
        case .pause: "pause or resume live updates"
        case .theme: "next theme"
        case .faster: "replay faster"
        case .slower: "replay slower"
        case .redraw: "redraw the screen"
        case .suspend: "suspend to the shell (fg returns)"
        case .export: "export this panel's figures (CSV and JSON)"
        case .compare: "key figures against: the period before / a week earlier / nothing"
        case .filter: "edit the filter (time, category, brand, type)"
        case .clearFilter: "clear the filter / close"
        case .drill: "filter on the selected category or brand"
        case .heatmapAxis: "heat map by hour / by weekday"
        case .metric: "heat map metric: views, carts, purchases, revenue"
        case .level: "category level: 1, 2, 3, full"
        }
    }
}

public struct KeyMap: Sendable {
    public private(set) var bindings: [Key: Action]

    /// The number keys open the panels in tab order (up to nine).
    public static let defaults: [Key: Action] =
        Dictionary(
            uniqueKeysWithValues: PanelKind.allCases.prefix(9).map {
                (Key.character(Character("\($0.number)")), Action.panel($0))
            }
        ).merging(commandKeys) { a, _ in a }

    private static let commandKeys: [Key: Action] = [
        .character("q"): .quit, .character("?"): .help, .tab: .nextPanel, .backTab: .previousPanel,
        .up: .up, .character("k"): .up, .wheelUp: .up, .down: .down, .character("j"): .down, .wheelDown: .down,
        .character("g"): .top, .home: .top, .character("G"): .bottom, .end: .bottom,
        .pageUp: .pageUp, .pageDown: .pageDown,
        .character("s"): .sort, .character("r"): .reverse, .character("p"): .pause, .character("t"): .theme,
        .character("+"): .faster, .character("="): .faster, .character("-"): .slower, .control("l"): .redraw,
        .control("z"): .suspend, .character("x"): .export, .character("c"): .compare,
        .character("/"): .filter, .escape: .clearFilter, .enter: .drill,
        .character("h"): .heatmapAxis, .character("m"): .metric, .character("l"): .level,
    ]

    public init(overrides: [Action: Key] = [:]) {
        var b = Self.defaults
        for (action, key) in overrides {
            for (k, a) in b where a == action { b[k] = nil }
            b[key] = action
        }
        bindings = b
    }

    public func action(for key: Key) -> Action? { bindings[key] }

    /// The keys bound to `action`, for the help overlay.
    public func keys(for action: Action) -> [Key] {
        bindings.filter { $0.value == action }.map(\.key).sorted { $0.label < $1.label }
    }
}
