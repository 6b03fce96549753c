/// Insight 5 over stored rows (event time): every alert of the window, and how many users were
/// active in each window — what `report` lists and the dashboard draws.
public struct BurstAlerts: Sendable, Codable {
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

extension BurstAlerts {
    private enum CodingKeys: String, CodingKey { case rule, alerts, windowStarts, activeUsers }

    /// The active users as two packed columns (window starts, users; ``PackedIntegers``): tuples
    /// have no coding of their own, and a month has 270,000 windows.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let starts = try c.decode(PackedIntegers<Int64>.self, forKey: .windowStarts).values
        let users = try c.decode(PackedIntegers<Int>.self, forKey: .activeUsers).values
        guard starts.count == users.count else {
            throw DecodingError.dataCorruptedError(
                forKey: .activeUsers, in: c, debugDescription: "as many window starts as counts of users")
        }
        self.init(
            rule: try c.decode(BurstRule.self, forKey: .rule), alerts: try c.decode([BurstAlert].self, forKey: .alerts),
            activeUsers: zip(starts, users).map { (start: $0, users: $1) })
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(alerts, forKey: .alerts)
        try c.encode(PackedIntegers(activeUsers.map(\.start)), forKey: .windowStarts)
        try c.encode(PackedIntegers(activeUsers.map(\.users)), forKey: .activeUsers)
    }
}
