/// The key figures of one period — what the Overview's tiles show — and their comparison with the
/// period of the same length just before it (QuickSight's period-over-period).
public struct PeriodKPIs: Sendable, Equatable {
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
        var options = InsightOptions()
        options.window = window
        let totals = WindowTotals(snapshot, options: options)
        let filter = RowPredicate(window: window)
        let abandonment = CartAbandonment(snapshot, window: window, level: nil)
        self.init(totals: totals, abandonment: abandonment, revenueCents: Self.revenue(snapshot, filter))
    }

    init(totals: WindowTotals, abandonment: CartAbandonment, revenueCents: Int64) {
        let byType = totals.eventsByType
        events = byType.reduce(0, +)
        visitors = totals.visitors
        sessions = totals.sessions
        purchases = byType[Int(EventType.purchase.rawValue)]
        self.revenueCents = revenueCents
        let views = byType[Int(EventType.view.rawValue)]
        conversion = views > 0 ? Double(purchases) / Double(views) : 0
        abandonmentRate = abandonment.total.rate
    }

    private static func revenue(_ snapshot: EventSnapshot, _ filter: RowPredicate) -> Int64 {
        var cents: Int64 = 0
        for k in 0..<snapshot.chunkCount {
            let chunk = snapshot.chunk(k)
            chunk.forEachRow(matching: filter) { i in
                if chunk.type[i] == EventType.purchase.rawValue { cents += Int64(chunk.price[i]) }
            }
        }
        return cents
    }
}

/// A period's figures beside those of the period of the same length that ends where it starts.
public struct PeriodComparison: Sendable, Equatable {
    public var current: TimeWindow
    public var previous: TimeWindow
    public var currentKPIs: PeriodKPIs
    public var previousKPIs: PeriodKPIs

    /// Compares `window` (both ends set) with the period before it.
    public init(_ snapshot: EventSnapshot, window: TimeWindow) {
        let from = window.from!
        let to = window.to!
        current = window
        previous = TimeWindow(from: from - (to - from), to: from)
        currentKPIs = PeriodKPIs(snapshot, window: current)
        previousKPIs = PeriodKPIs(snapshot, window: previous)
    }

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
