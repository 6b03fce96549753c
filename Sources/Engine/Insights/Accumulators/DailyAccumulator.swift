/// Insight 1 — unique visitors per UTC day, with sessions, events, purchases and revenue — and the
/// window's totals (distinct users and sessions, events by type), which come from the same rows.
struct DailyAccumulator: InsightAccumulator {
    /// The figures of one UTC day but its distinct sessions (kept in `sessions`).
    struct Day {
        var events = 0
        var purchases = 0
        var revenueCents: Int64 = 0
        /// Distinct users with a row that day.
        var visitors = 0
    }

    private(set) var days = TimeBuckets(empty: Day())
    private(set) var sessions = SessionDays()
    private(set) var eventsByType = [Int](repeating: 0, count: EventType.allCases.count)
    /// Distinct users in all.
    private(set) var visitors = 0
    private var scratch: [Int64] = []

    var foldsUsers: Bool { true }

    func empty() -> Self { Self() }

    @inline(__always)
    mutating func fold(_ chunk: EventChunk, _ i: Int, sign: Int) {
        let day = Int64(chunk.time[i]) / UTCCalendar.secondsPerDay
        let type = chunk.type[i]
        eventsByType[Int(type)] += sign
        if type == EventType.purchase.rawValue {
            let cents = Int64(chunk.price[i]) * Int64(sign)
            days.update(day) {
                $0.events += sign
                $0.purchases += sign
                $0.revenueCents += cents
            }
        } else {
            days.update(day) { $0.events += sign }
        }
        foldSession(chunk, i, sign: sign)
    }

    /// Adds a chunk's rows, counted by hour, but their sessions (``foldSession(_:_:sign:)``).
    mutating func fold(_ tally: ChunkTally) {
        tally.forEachHour { hour, c in
            eventsByType[Int(EventType.view.rawValue)] += c.views
            eventsByType[Int(EventType.cart.rawValue)] += c.carts
            eventsByType[Int(EventType.removeFromCart.rawValue)] += c.removals
            eventsByType[Int(EventType.purchase.rawValue)] += c.purchases
            days.update(hour / 24) {
                $0.events += c.events
                $0.purchases += c.purchases
                $0.revenueCents += c.revenueCents
            }
        }
    }

    /// Adds the sessions of the rows of chunk `k` that `selection` keeps, each on its day.
    mutating func foldSessions(_ selection: RowSelection, chunk k: Int) {
        sessions.addRows { body in
            selection.forEachRow(inChunk: k) { chunk, i in
                body(chunk.session[i], Int64(chunk.time[i]) / UTCCalendar.secondsPerDay)
            }
        }
    }

    /// Adds (`sign` 1) or takes back (−1) one row's session on its day.
    @inline(__always)
    mutating func foldSession(_ chunk: EventChunk, _ i: Int, sign: Int) {
        let s = chunk.session[i]
        if s != 0 { sessions.add(session: s, day: Int64(chunk.time[i]) / UTCCalendar.secondsPerDay, rows: Int32(sign)) }
    }

    mutating func fold(user: UserRows, sign: Int) {
        visitors += sign
        user.forEachDistinct(&scratch, bucket: { Int64($0) / UTCCalendar.secondsPerDay }) { d in
            days.update(d) { $0.visitors += sign }
        }
    }

    /// Keys: the row's day; whether the user is there at all, by their first row.
    func widen(_ scope: inout UserScope, for row: UserRow) {
        scope.addBucket(Int64(row.time) / UTCCalendar.secondsPerDay, of: UTCCalendar.secondsPerDay)
        scope.addFirstRow()
    }

    mutating func merge(_ o: DailyAccumulator) {
        o.days.forEach { d, f in
            days.update(d) {
                $0.events += f.events
                $0.purchases += f.purchases
                $0.revenueCents += f.revenueCents
                $0.visitors += f.visitors
            }
        }
        sessions.merge(o.sessions)
        for t in eventsByType.indices { eventsByType[t] += o.eventsByType[t] }
        visitors += o.visitors
    }

    /// Insight 1: the days with an event, in order.
    var visitorsPerDay: VisitorsPerDay {
        var out: [VisitorsPerDay.Day] = []
        days.forEach { d, f in
            guard f.events > 0 else { return }
            out.append(
                VisitorsPerDay.Day(
                    day: UTCCalendar.dayString(days: d), visitors: f.visitors, sessions: sessions.perDay[d],
                    events: f.events, purchases: f.purchases, revenueCents: f.revenueCents))
        }
        return VisitorsPerDay(days: out)
    }

    var totals: WindowTotals {
        WindowTotals(visitors: visitors, sessions: sessions.total, eventsByType: eventsByType)
    }

    /// Revenue over every day, in cents.
    var revenueCents: Int64 {
        var cents: Int64 = 0
        days.forEach { _, f in cents += f.revenueCents }
        return cents
    }
}
