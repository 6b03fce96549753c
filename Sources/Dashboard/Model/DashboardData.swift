import Engine

/// Everything the panels show, computed from one snapshot of the store and the filter. Panels are
/// pure functions of this value, which is what makes them testable.
public struct DashboardData: Sendable, Codable {
    /// Windows with active users that the bursts keep: more than a terminal is wide, and far
    /// fewer than a month's (the Live panel draws the last ones).
    static let activeWindows = 1024

    public var options: InsightOptions
    /// Rows in the snapshot (before the filter) and the time range of the data.
    public var rows: Int
    public var latest: Int64
    public var insights: Insights
    /// Hourly activity over the filtered window.
    public var hourly: ActivitySeries
    /// The tiles' period beside its baseline (``PeriodComparison/period(_:in:)``), under the
    /// filter's category, brand and type; nil when comparison is off or there is no period.
    public var comparison: PeriodComparison?
    /// Hours of `hourly` that stray from their hour of the day's usual level.
    public var anomalies: HourlyAnomalies
    /// Activity per second over the last two minutes of event time.
    public var recent: ActivitySeries
    /// Distinct users and non-empty sessions in the filtered window, and events by type.
    public var visitors: Int
    public var sessions: Int
    public var eventsByType: [Int]
    /// Seconds the computation took.
    public var computeSeconds: Double
    /// True when the figures came from ``LiveInsights`` (kept up to date batch by batch), false
    /// when they were recomputed from the snapshot.
    public var keptUpToDate: Bool
    /// True when the figures were read from a lake's saved view (``SavedViews``) rather than
    /// computed in this run: shown while the rows load.
    public var restored = false

    /// - Parameter live: figures kept up to date for this filter (see ``LiveInsights``), brought to
    ///   the snapshot and the filter's window; when it is missing, or was made for another filter,
    ///   every figure is folded from the snapshot.
    ///   The last two minutes are always computed from the snapshot: they slide with the data,
    ///   and the store's time ranges per chunk keep that scan to the newest rows.
    public init(
        _ snapshot: EventSnapshot, filter: DashboardFilter, base: InsightOptions, live: LiveInsights? = nil,
        comparing baseline: PeriodComparison.Baseline? = .previousPeriod
    ) {
        self.init(snapshot, filter: filter, base: base, live: live, comparing: baseline, cancelled: nil)!
    }

    /// As above; nil as soon as `cancelled` returns true while the figures are folded from the
    /// snapshot (the user chose another filter meanwhile).
    public init?(
        _ snapshot: EventSnapshot, filter: DashboardFilter, base: InsightOptions, live: LiveInsights?,
        comparing baseline: PeriodComparison.Baseline?, cancelled: (() -> Bool)?
    ) {
        let clock = ContinuousClock.now
        let latest = snapshot.count > 0 ? Int64(snapshot.timeRange.1) : 0
        options = filter.options(base: base, latest: latest)
        rows = snapshot.count
        self.latest = latest
        let totals: WindowTotals
        let windowKPIs: PeriodKPIs
        if let live, live.canFollow(options), live.canFold(snapshot) {
            guard live.follow(snapshot, window: options.window, cancelled: cancelled) else { return nil }
            let fold = live.figures(snapshot, activeWindows: Self.activeWindows)
            insights = fold.insights
            hourly = fold.hourly
            totals = fold.totals
            windowKPIs = fold.kpis
            keptUpToDate = true
        } else {
            keptUpToDate = false
            guard
                let fold = FoldedInsights(
                    snapshot, options: options, activeWindows: Self.activeWindows, cancelled: cancelled ?? { false })
            else {
                return nil
            }
            insights = fold.insights
            hourly = fold.hourly
            totals = fold.totals
            windowKPIs = fold.kpis
        }
        anomalies = HourlyAnomalies(snapshot, hourly: hourly, window: options.window)
        var period = options
        if let baseline, let window = PeriodComparison.period(options.window, in: snapshot) {
            period.window = window
            comparison = PeriodComparison(
                snapshot, options: period, baseline: baseline,
                currentKPIs: PeriodComparison.isWindow(options.window) ? windowKPIs : nil)
        } else {
            comparison = nil
        }
        recent = ActivitySeries(snapshot, options: options, bucketSeconds: 1, last: 120)
        visitors = totals.visitors
        sessions = totals.sessions
        eventsByType = totals.eventsByType
        computeSeconds = (ContinuousClock.now - clock).seconds
    }

    /// Events in the filtered window.
    public var events: Int { eventsByType.reduce(0, +) }
    public var purchases: Int { eventsByType[Int(EventType.purchase.rawValue)] }
    public var revenueCents: Int64 { insights.visitors.days.reduce(0) { $0 + $1.revenueCents } }
    /// purchases / views over the window.
    public var conversion: Double {
        let views = eventsByType[Int(EventType.view.rawValue)]
        return views > 0 ? Double(purchases) / Double(views) : 0
    }
}
