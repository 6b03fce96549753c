import Engine

/// Everything `report` prints, before it is rendered: what a lake saves beside it (``LakeViews``)
/// once folded, so that the next report of the same lake with the same options reads it back
/// instead of loading and folding the rows again.
struct ReportFigures: Codable {
    /// What the figures depend on beside the lake and the executable: the options, and the
    /// figures only some formats hold (the page's tiles; `--compare`'s periods).
    struct View: Codable, Equatable {
        var options: InsightOptions
        var tiles: Bool
        var compare: Bool
    }

    static let kind = "report"

    var rows: Int
    var rejected: Int
    var insights: Insights
    var anomalies: HourlyAnomalies
    var kpis: PeriodKPIs?
    var comparison: PeriodComparison?
}
