/// Insight 5 over stored rows (event time): every alert of the window, and how many users were
/// active in each window — what `report` lists and the dashboard draws.
public struct BurstAlerts: Sendable {
    public var rule: BurstRule
    /// Sorted by window start, then user id.
    public var alerts: [BurstAlert]
    /// (window start, active users), for windows with at least one active user, in time order.
    public var activeUsers: [(start: Int64, users: Int)]

    init(rule: BurstRule, alerts: [BurstAlert], activeUsers: [(start: Int64, users: Int)]) {
        self.rule = rule
        self.alerts = alerts
        self.activeUsers = activeUsers
    }

    public init(_ snapshot: EventSnapshot, options: InsightOptions) {
        self = InsightFolding.fold(snapshot, options: options, into: BurstAccumulator(rule: options.burst))
            .evaluate(snapshot)
    }
}
