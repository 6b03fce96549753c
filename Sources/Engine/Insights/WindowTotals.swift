/// Totals over the whole filtered window: distinct users and sessions, events by type.
public struct WindowTotals: Sendable, Equatable {
    public var visitors: Int
    /// Distinct non-empty sessions.
    public var sessions: Int
    /// Events by `EventType.rawValue`.
    public var eventsByType: [Int]

    init(visitors: Int, sessions: Int, eventsByType: [Int]) {
        self.visitors = visitors
        self.sessions = sessions
        self.eventsByType = eventsByType
    }

    public init(_ snapshot: EventSnapshot, options: InsightOptions) {
        self = InsightFolding.fold(snapshot, options: options, into: DailyAccumulator()).totals
    }
}
