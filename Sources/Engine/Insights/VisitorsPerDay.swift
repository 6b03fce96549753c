/// Insight 1: unique visitors per UTC day, with sessions, events, purchases and revenue.
public struct VisitorsPerDay: Sendable, Equatable {
    public struct Day: Sendable, Equatable {
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
        let filter = RowPredicate(window: window)
        self.init(snapshot, filter: filter, grouping: UserGrouping(snapshot, filter: filter))
    }

    init(_ snapshot: EventSnapshot, filter: RowPredicate, grouping: UserGrouping) {
        let range = DayRange(snapshot, window: filter.window)
        let n = range.count
        var events = [Int](repeating: 0, count: n)
        var purchases = [Int](repeating: 0, count: n)
        var revenue = [Int64](repeating: 0, count: n)
        var sessions = [Int](repeating: 0, count: n)
        // A session usually lives within one day: remember its first day, and the rare other
        // (session, day) pairs in a set. Exact, and small whatever the row order.
        var firstDay = [UInt16](repeating: .max, count: snapshot.sessionCount)
        var otherDays = Set<UInt64>()
        for c in 0..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            chunk.forEachRow(matching: filter) { i in
                let d = range.index(chunk.time[i])
                events[d] += 1
                if chunk.type[i] == EventType.purchase.rawValue {
                    purchases[d] += 1
                    revenue[d] += Int64(chunk.price[i])
                }
                let s = Int(chunk.session[i])
                guard s != 0 else { return }
                let seen = firstDay[s]
                if Int(seen) == d { return }
                if seen == .max {
                    firstDay[s] = UInt16(d)
                    sessions[d] += 1
                } else if otherDays.insert(UInt64(s) << 24 | UInt64(d)).inserted {
                    sessions[d] += 1
                }
            }
        }
        let visitors = grouping.distinctUsers(snapshot, buckets: n) { range.index($0) }
        days = (0..<n).compactMap { d in
            guard events[d] > 0 else { return nil }
            return Day(
                day: range.dayString(d), visitors: visitors[d],
                sessions: sessions[d], events: events[d], purchases: purchases[d], revenueCents: revenue[d])
        }
    }
}

extension EventSnapshot {
    @inline(__always)
    func time(_ index: UInt32) -> UInt32 {
        TimeColumn.read(chunks.timeOffsets, chunks.timeBases, chunks.timeWide, row: Int(index))
    }
}
