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
        let filter = RowPredicate(snapshot, options: options)
        let users = snapshot.userCount
        let sessionCount = snapshot.sessionCount
        let parts = Parallel.ranges(snapshot.chunkCount, parts: Parallel.width)
        // Bit sets of users and sessions seen, one per worker, OR-ed together.
        let partials: [([UInt64], [UInt64], [Int])] = Parallel.map(parts.count) { p in
            var seenUsers = [UInt64](repeating: 0, count: (users + 63) / 64)
            var seenSessions = [UInt64](repeating: 0, count: (sessionCount + 63) / 64)
            var types = [Int](repeating: 0, count: EventType.allCases.count)
            for k in parts[p] {
                let chunk = snapshot.chunk(k)
                chunk.forEachRow(matching: filter) { i in
                    let u = Int(chunk.user[i])
                    seenUsers[u >> 6] |= 1 << UInt64(u & 63)
                    let s = Int(chunk.session[i])
                    seenSessions[s >> 6] |= 1 << UInt64(s & 63)
                    types[Int(chunk.type[i])] += 1
                }
            }
            return (seenUsers, seenSessions, types)
        }
        func union(_ sets: [[UInt64]]) -> Int {
            guard let first = sets.first else { return 0 }
            var total = 0
            for w in 0..<first.count { total += sets.reduce(0) { $0 | $1[w] }.nonzeroBitCount }
            return total
        }
        visitors = union(partials.map(\.0))
        var sessionSets = partials.map(\.1)
        for i in sessionSets.indices where !sessionSets[i].isEmpty { sessionSets[i][0] &= ~1 }  // code 0: no session
        sessions = union(sessionSets)
        eventsByType = (0..<EventType.allCases.count).map { t in partials.reduce(0) { $0 + $1.2[t] } }
    }
}
