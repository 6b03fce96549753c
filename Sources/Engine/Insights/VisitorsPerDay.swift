/// Insight 1: unique visitors per UTC day, with sessions, events, purchases and revenue.
public struct VisitorsPerDay: Sendable, Equatable, Codable {
    public struct Day: Sendable, Equatable, Codable {
        /// `YYYY-MM-DD`.
        public var day: String
        /// Distinct `user_id` with any event that day.
        public var visitors: Int
        /// Distinct non-empty `user_session` that day.
        public var sessions: Int
        public var events: Int
        public var purchases: Int
        /// Sum of `price` over purchases, in cents.
        public var revenueCents: Int64
    }

    /// Days with at least one event, in order.
    public var days: [Day]

    init(days: [Day]) { self.days = days }

    /// Computes the figures for the rows of `snapshot` inside `window`.
    public init(_ snapshot: EventSnapshot, window: TimeWindow) {
        self =
            InsightFolding.fold(snapshot, options: InsightOptions(window: window), into: DailyAccumulator())
            .visitorsPerDay
    }
}

extension EventSnapshot {
    @inline(__always)
    func time(_ index: UInt32) -> UInt32 {
        TimeColumn.read(chunks.timeOffsets, chunks.timeBases, chunks.timeWide, row: Int(index))
    }
}
