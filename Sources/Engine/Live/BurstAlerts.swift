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
        let filter = RowPredicate(snapshot, options: options)
        self.init(snapshot, filter: filter, rule: options.burst, grouping: UserGrouping(snapshot, filter: filter))
    }

    init(_ snapshot: EventSnapshot, filter: RowPredicate, rule: BurstRule, grouping: UserGrouping) {
        self.rule = rule
        let parts = grouping.userParts()
        // Active users per window, in an array over the windows of the data (a dictionary of
        // window starts costs twenty times the memory).
        let (lo, hi) = snapshot.timeRange
        let first = rule.windowStart(Int64(min(lo, hi)))
        let windows = snapshot.count == 0 ? 0 : Int((rule.windowStart(Int64(hi)) - first) / rule.windowSeconds) + 1
        // Data spread over more than ~16 months of 10-second windows (one odd timestamp decades
        // away is enough) lists its active windows instead: a dense array would take gigabytes.
        let dense = windows <= 1 << 22
        let results: [([BurstAlert], [Int32], [Int64])] = Parallel.map(parts.count) { p in
            var alerts: [BurstAlert] = []
            var active = [Int32](repeating: 0, count: dense ? windows : 0)
            var activeList: [Int64] = []
            var events: [(time: Int64, row: UInt32)] = []
            for u in parts[p] {
                let range = grouping.range(u)
                // Fewer events than both thresholds can make the user neither active nor alerting.
                guard range.count > min(rule.activeOver, rule.alertOver) else { continue }
                events.removeAll(keepingCapacity: true)
                for k in range {
                    let r = grouping.rows[k]
                    events.append((Int64(snapshot.time(r)), r))
                }
                // Rows of a time-ordered file come sorted already: check before sorting.
                if zip(events, events.dropFirst()).contains(where: { $0.time > $1.time }) {
                    events.sort { $0.time < $1.time }
                }
                var i = 0
                while i < events.count {
                    let start = rule.windowStart(events[i].time)
                    var j = i
                    while j < events.count, events[j].time < start + rule.windowSeconds { j += 1 }
                    let count = j - i
                    if count > rule.activeOver {
                        let w = (start - first) / rule.windowSeconds
                        if dense { active[Int(w)] += 1 } else { activeList.append(w) }
                    }
                    if count > rule.alertOver {
                        // Types are read only for the rare windows that alert.
                        var byType = [0, 0, 0, 0]
                        for e in events[i..<j] { byType[Int(snapshot.type(e.row))] += 1 }
                        alerts.append(
                            BurstAlert(
                                userId: snapshot.userId(UInt32(u)), windowStart: start, count: count,
                                byType: byType))
                    }
                    i = j
                }
            }
            return (alerts, active, activeList)
        }
        alerts = results.flatMap(\.0).sorted { ($0.windowStart, $0.userId) < ($1.windowStart, $1.userId) }
        if dense {
            activeUsers = (0..<windows).compactMap { w in
                let users = results.reduce(0) { $0 + Int($1.1[w]) }
                return users > 0 ? (first + Int64(w) * rule.windowSeconds, users) : nil
            }
        } else {
            var active: [(start: Int64, users: Int)] = []
            for w in results.flatMap(\.2).sorted() {
                let start = first + w * rule.windowSeconds
                if active.last?.start == start {
                    active[active.count - 1].users += 1
                } else {
                    active.append((start, 1))
                }
            }
            activeUsers = active
        }
    }
}
