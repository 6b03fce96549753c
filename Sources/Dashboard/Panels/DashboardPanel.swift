import Engine
import Report

/// One screen of the dashboard. The tab bar, the number keys, the help, the config's
/// `default_panel`, the list keys, Enter and the export key all ask the panel through this
/// protocol, so a new panel is a conforming type and its case in ``PanelKind``.
protocol DashboardPanel {
    static var title: String { get }
    /// A shorter title for narrow tab bars.
    static var shortTitle: String { get }
    /// The report's CSV section the export key writes for this panel.
    static var exportSection: CSVSection { get }
    /// Whether `s` changes the order of the panel's list.
    static var sortable: Bool { get }

    static func draw(_ ctx: PanelContext, in r: Rect, on canvas: inout Canvas)
    /// Rows of the panel's main list, which ↑ ↓ move through (0: no list).
    static func listCount(_ ctx: PanelContext) -> Int
    /// What Enter does on row `row` of the list, if anything.
    static func drill(_ ctx: PanelContext, row: Int) -> PanelDrill?
}

extension DashboardPanel {
    static var shortTitle: String { title }
    static var sortable: Bool { false }
    static func listCount(_ ctx: PanelContext) -> Int { 0 }
    static func drill(_ ctx: PanelContext, row: Int) -> PanelDrill? { nil }
}

/// What Enter on a panel's row asks for.
enum PanelDrill: Equatable {
    /// Filter every panel on a category code (or prefix) or a brand.
    case category(String)
    case brand(String)
    /// Show the last events of a user (an alert's).
    case user(UInt64)
}
