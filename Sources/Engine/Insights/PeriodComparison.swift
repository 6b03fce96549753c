/// The key figures of one period — what the Overview's tiles show — and their comparison with the
/// period of the same length just before it (QuickSight's period-over-period).
public struct PeriodKPIs: Sendable, Equatable, Codable {
    public var events: Int
    /// Distinct users over the whole period (not a sum of days).
    public var visitors: Int
    /// Distinct non-empty sessions.
    public var sessions: Int
    public var purchases: Int
    public var revenueCents: Int64
    /// Purchases ÷ views (0 without views).
    public var conversion: Double
    /// Abandoned carted pairs ÷ carted pairs (insight 2, within the period).
    public var abandonmentRate: Double

    /// The figures of the rows in `window`.
    public init(_ snapshot: EventSnapshot, window: TimeWindow) {
        self.init(snapshot, options: InsightOptions(window: window))
    }

    /// The figures of the rows `options` keep: its window and its category, brand and type
    /// filters (the dashboard compares like with like).
    public init(_ snapshot: EventSnapshot, options: InsightOptions) {
        let fold = InsightFolding.fold(snapshot, options: options, into: KPIAccumulator())
        self.init(daily: fold.daily, abandonment: fold.abandonment)
    }

    /// The figures of the accumulators of a period's rows (a fold, or figures kept up to date).
    init(daily: DailyAccumulator, abandonment: AbandonmentAccumulator) {
        let totals = daily.totals
        let byType = totals.eventsByType
        events = byType.reduce(0, +)
        visitors = totals.visitors
        sessions = totals.sessions
        purchases = byType[Int(EventType.purchase.rawValue)]
        revenueCents = daily.revenueCents
        let views = byType[Int(EventType.view.rawValue)]
        conversion = views > 0 ? Double(purchases) / Double(views) : 0
        abandonmentRate = abandonment.total.rate
    }
}

/// A period's figures beside those of an earlier period of the same length: the one that ends
/// where it starts, or the same hours a week earlier.
public struct PeriodComparison: Sendable, Equatable, Codable {
    /// What a period is compared with.
    public enum Baseline: String, CaseIterable, Sendable, Codable {
        case previousPeriod = "the period before"
        case weekBefore = "a week earlier"
    }

    public var current: TimeWindow
    public var previous: TimeWindow
    public var baseline: Baseline
    public var currentKPIs: PeriodKPIs
    public var previousKPIs: PeriodKPIs

    /// Compares `window` (both ends set) with the period before it.
    public init(_ snapshot: EventSnapshot, window: TimeWindow) {
        self.init(snapshot, options: InsightOptions(window: window))
    }

    /// Compares the rows `options` keep in its window (both ends set) with those it keeps in the
    /// baseline period; `currentKPIs`, when given, are the figures of the first (folded already).
    public init(
        _ snapshot: EventSnapshot, options: InsightOptions, baseline: Baseline = .previousPeriod,
        currentKPIs: PeriodKPIs? = nil
    ) {
        let before = Self.baseline(of: options, baseline)
        self.init(
            current: options.window, previous: before.window, baseline: baseline,
            currentKPIs: currentKPIs ?? PeriodKPIs(snapshot, options: options),
            previousKPIs: PeriodKPIs(snapshot, options: before))
    }

    /// The comparison of figures computed elsewhere (kept up to date as a stream grows).
    public init(
        current: TimeWindow, previous: TimeWindow, baseline: Baseline, currentKPIs: PeriodKPIs,
        previousKPIs: PeriodKPIs
    ) {
        self.current = current
        self.previous = previous
        self.baseline = baseline
        self.currentKPIs = currentKPIs
        self.previousKPIs = previousKPIs
    }

    /// The options of the period that the period of `options` (its window, both ends set) is
    /// compared with: as long, ending where it starts, or the same hours a week earlier.
    public static func baseline(of options: InsightOptions, _ baseline: Baseline) -> InsightOptions {
        let from = options.window.from!
        let to = options.window.to!
        let shift = baseline == .weekBefore ? 7 * 86_400 : to - from
        var before = options
        before.window = TimeWindow(from: from - shift, to: to - shift)
        return before
    }

    /// The period that `window` asks to compare: its own ends, an open end taking the data's
    /// first or last time; with no end at all, ``lastFullDay(_:)``. Nil when there is no data or
    /// the period is empty.
    public static func period(_ window: TimeWindow, in snapshot: EventSnapshot) -> TimeWindow? {
        guard snapshot.count > 0 else { return nil }
        guard window.from != nil || window.to != nil else { return lastFullDay(snapshot) }
        let period = TimeWindow(
            from: window.from ?? Int64(snapshot.timeRange.0), to: window.to ?? Int64(snapshot.timeRange.1) + 1)
        return period.from! < period.to! ? period : nil
    }

    /// Whether the period of `window` (``period(_:in:)``) holds exactly the window's rows: when the
    /// window has an end, its open end takes the data's first or last time, which keeps every row
    /// the window keeps. Then its figures are the window's, and need no fold of their own.
    public static func isWindow(_ window: TimeWindow) -> Bool { window.from != nil || window.to != nil }

    /// The period to compare when the user names none: the data's last whole UTC day. The newest
    /// event's day counts as whole once the data reaches its last hour (a month's file ends at
    /// 23:59:59); otherwise it is still being filled (a live stream) and the day before is taken,
    /// unless the data holds no other day. Nil for no data.
    public static func lastFullDay(_ snapshot: EventSnapshot) -> TimeWindow? {
        guard snapshot.count > 0 else { return nil }
        let firstDay = Int64(snapshot.timeRange.0) / 86_400
        let last = Int64(snapshot.timeRange.1)
        var day = last / 86_400
        if last % 86_400 < 23 * 3600, day > firstDay { day -= 1 }
        return TimeWindow(from: day * 86_400, to: (day + 1) * 86_400)
    }

    /// The relative change from `previous` to `current`: nil when there was nothing before.
    public static func change(_ current: Double, _ previous: Double) -> Double? {
        previous == 0 ? nil : (current - previous) / previous
    }
}
