/// What the keys do. Every default is reachable without AltGr; the config file's `[keys]`
/// section rebinds any action (`quit = "x"`).
public enum Action: String, CaseIterable, Sendable {
    case quit, help, nextPanel = "next_panel", previousPanel = "previous_panel"
    case panel1 = "panel_1", panel2 = "panel_2", panel3 = "panel_3", panel4 = "panel_4", panel5 = "panel_5"
    case panel6 = "panel_6"
    case up, down, top, bottom, pageUp = "page_up", pageDown = "page_down"
    case sort, reverse, pause, theme, faster, slower, redraw, suspend, export, compare
    case filter, clearFilter = "clear_filter", drill
    case heatmapAxis = "heatmap_axis", metric, level

    /// One line of the help overlay.
    public var help: String {
        switch self {
        case .quit: "quit"
        case .help: "show or hide this help"
        case .nextPanel: "next panel"
        case .previousPanel: "previous panel"
        case .panel1: "Overview"
        case .panel2: "Visitors"
        case .panel3: "Cart abandonment"
        case .panel4: "Categories"
        case .panel5: "Brands"
        case .panel6: "Live"
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

    public static let defaults: [Key: Action] = [
        .character("q"): .quit, .character("?"): .help, .tab: .nextPanel, .backTab: .previousPanel,
        .character("1"): .panel1, .character("2"): .panel2, .character("3"): .panel3, .character("4"): .panel4,
        .character("5"): .panel5, .character("6"): .panel6,
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
