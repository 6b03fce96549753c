import Engine

/// A lake's dashboard views saved beside it (``LakeViews``), so that a lake opens with its
/// figures at once: the opening view is shown from them while the rows load.
public struct SavedViews: Sendable {
    /// What a dashboard view's figures depend on beside the lake and the executable.
    private struct View: Codable, Equatable {
        var filter: DashboardFilter
        var base: InsightOptions
        var baseline: PeriodComparison.Baseline?
    }

    private let views: LakeViews
    private static let kind = "dashboard"

    public init(lake: Lake) { views = LakeViews(lake: lake) }

    /// Where the views are kept.
    public var directory: String { views.directory }

    /// The saved figures of a view, nil when there are none for exactly this view of this lake.
    public func load(
        filter: DashboardFilter, base: InsightOptions, baseline: PeriodComparison.Baseline?
    ) -> DashboardData? {
        guard
            var data = views.load(
                DashboardData.self, kind: Self.kind, view: View(filter: filter, base: base, baseline: baseline))
        else { return nil }
        data.restored = true
        return data
    }

    /// Saves a view's figures (best effort).
    public func save(
        _ data: DashboardData, filter: DashboardFilter, base: InsightOptions, baseline: PeriodComparison.Baseline?
    ) {
        var data = data
        data.restored = false
        views.save(data, kind: Self.kind, view: View(filter: filter, base: base, baseline: baseline))
    }
}
