import Engine
import Report

/// What a panel draws from: the computed data, the feed's progress, the screen state and the
/// glyph set. Panels are pure functions of it.
public struct PanelContext {
    public var data: DashboardData
    public var feed: FeedStatus
    public var state: DashboardState
    public var glyphs: Glyphs

    var g: (Int) -> String { NumberFormat.grouped }
    func money(_ cents: Int64) -> String { NumberFormat.money(cents: cents) }
    func pct(_ v: Double) -> String { NumberFormat.percent(v) }
}
