import Engine

/// Brings the dashboard's data up to date for each new snapshot or filter, keeping the figures
/// of the current filter (``LiveInsights``) from one update to the next.
///
/// A fixed window is kept up to date batch by batch, so an update costs the rows that arrived;
/// a new filter starts over with one full scan; a window that slides with the data (last day,
/// last hour) is recomputed from the snapshot each time, as is an older snapshot (a pause taken
/// while newer rows were already folded in).
public struct DashboardUpdater {
    private var live: LiveInsights?
    /// Every row, for the alert sinks while a filter narrows the view.
    private var unfiltered: LiveInsights?

    public init() {}

    /// The data every panel shows for `snapshot` under `filter`. With `complete` (no row will
    /// follow: files read, a lake loaded) nothing is kept for later batches: each filter is one
    /// parallel computation over the snapshot, cheaper than folding every row into live state.
    public mutating func data(
        _ snapshot: EventSnapshot, filter: DashboardFilter, base: InsightOptions,
        comparing baseline: PeriodComparison.Baseline? = .previousPeriod, complete: Bool = false
    )
        -> DashboardData
    {
        let latest = snapshot.count > 0 ? Int64(snapshot.timeRange.1) : 0
        let options = filter.options(base: base, latest: latest)
        if complete || filter.slidesWithData {
            live = nil
        } else if live?.options != options {
            live = LiveInsights(options: options)
        }
        return DashboardData(snapshot, filter: filter, base: base, live: live, comparing: baseline)
    }

    /// The burst alerts of every row under the base options, whatever the filter shows.
    public mutating func alertsOnAllRows(_ snapshot: EventSnapshot, base: InsightOptions) -> [BurstAlert] {
        if let live, live.options == base, live.canFold(snapshot) { return live.bursts(snapshot).alerts }
        if unfiltered?.options != base { unfiltered = LiveInsights(options: base) }
        guard let all = unfiltered, all.canFold(snapshot) else {
            return BurstAlerts(snapshot, options: base).alerts
        }
        return all.bursts(snapshot).alerts
    }
}
