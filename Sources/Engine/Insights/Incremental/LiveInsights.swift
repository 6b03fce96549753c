/// The insights of a growing store, kept up to date batch by batch instead of recomputed.
///
/// A dashboard that follows a stream refreshes ten times a second; recomputing every figure
/// from the whole store each time costs more the longer it runs (DESIGN principle 3). Here a
/// refresh costs the rows that arrived plus the earlier rows of the users they touched:
/// - figures that add up row by row — counts and revenue per day, hour, category cell and brand,
///   distinct sessions — are updated from each new row;
/// - figures that need a user's rows together — distinct visitors per day, hour and brand,
///   carted pairs, burst windows — are recomputed for each user a batch touched: what the user's
///   earlier rows contributed is taken back and what all of them contribute now is added.
///
/// The results equal ``Insights``, ``ActivitySeries`` (hourly) and ``WindowTotals`` computed
/// from scratch on the same rows, which the tests check. The options are fixed for the life of
/// the value: a new filter, or a window that slides with the data, needs a new one.
public final class LiveInsights {
    public let options: InsightOptions
    /// Store rows folded in so far (whether or not the filter kept them).
    public private(set) var rows = 0

    var lists = UserRowLists()
    /// Per user: the last batch that touched it, so each touched user is listed once.
    private var touchedIn: [UInt32] = []
    private var batch: UInt32 = 0

    var figures = RowFigures()

    // Figures kept per touched user (see `LiveInsights+Users.swift`).
    var visitors = 0
    var brandVisitors: [Int] = []
    var brandBuyers: [Int] = []
    var abandonment = AbandonmentFigures()
    /// Active users per burst window number.
    var activeUsers = TimeBuckets<Int32>(empty: 0)
    /// Alerts by user code (high 32 bits) and window number.
    var alerts: [UInt64: BurstAlert] = [:]

    public init(options: InsightOptions) {
        self.options = options
    }

    /// Folds in the rows of `snapshot` not seen yet. Snapshots must come from one store, each
    /// at least as new as the last.
    public func fold(_ snapshot: EventSnapshot) {
        precondition(snapshot.count >= rows, "a snapshot older than the rows already folded")
        guard snapshot.count > rows else { return }
        let filter = RowPredicate(snapshot, options: options)
        reserve(snapshot)
        batch &+= 1
        let earlier = rows
        var touched: [UInt32] = []
        // The loop works on locals: a class's stored properties would be checked for exclusive
        // access on every row.
        var figures = RowFigures()
        var lists = UserRowLists()
        var touchedIn: [UInt32] = []
        swap(&figures, &self.figures)
        swap(&lists, &self.lists)
        swap(&touchedIn, &self.touchedIn)
        let batch = self.batch
        for c in (earlier >> AppendOnlyColumn<UInt32>.chunkShift)..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            let from = max(earlier - chunk.start, 0)
            for i in from..<chunk.count where filter.accepts(chunk, i) {
                let u = Int(chunk.user[i])
                lists.append(row: UInt32(chunk.start + i), user: u)
                if touchedIn[u] != batch {
                    touchedIn[u] = batch
                    touched.append(UInt32(u))
                }
                figures.add(chunk, i)
            }
        }
        swap(&figures, &self.figures)
        swap(&lists, &self.lists)
        swap(&touchedIn, &self.touchedIn)
        rows = snapshot.count
        updateUsers(touched, earlier: earlier, snapshot: snapshot)
    }

    /// Grows the per-code arrays to the snapshot's dictionaries.
    private func reserve(_ snapshot: EventSnapshot) {
        func grow<T>(_ a: inout [T], to n: Int, _ value: T) {
            if a.count < n { a.append(contentsOf: repeatElement(value, count: n - a.count)) }
        }
        lists.reserveUsers(snapshot.userCount)
        grow(&touchedIn, to: snapshot.userCount, 0)
        grow(&figures.sessionFirstDay, to: snapshot.sessionCount, -1)
        grow(&figures.cells, to: snapshot.categoryCount * 31, ActivityCounts())
        grow(&figures.brandCounts, to: snapshot.brandLabels.count, ActivityCounts())
        grow(&brandVisitors, to: snapshot.brandLabels.count, 0)
        grow(&brandBuyers, to: snapshot.brandLabels.count, 0)
        grow(&abandonment.categories, to: snapshot.categoryCount, CartAbandonment.Tally())
        grow(&abandonment.brands, to: snapshot.brandLabels.count, CartAbandonment.Tally())
    }
}

/// The figures per day, hour, category cell, brand and event type. All but the distinct
/// visitors (added per user) add up row by row.
struct RowFigures {
    var days = TimeBuckets(empty: DayFigures())
    var hours = TimeBuckets(empty: HourFigures())
    /// Per session code: the day number of its first row, or −1; other days in `sessionOtherDays`.
    var sessionFirstDay: [Int32] = []
    var sessionOtherDays = Set<UInt64>()
    /// Distinct non-empty sessions.
    var sessions = 0
    /// Category code × (24 hours + 7 weekdays).
    var cells: [ActivityCounts] = []
    var brandCounts: [ActivityCounts] = []
    var eventsByType = [Int](repeating: 0, count: EventType.allCases.count)

    /// Adds one row to the figures that add up row by row.
    @inline(__always)
    mutating func add(_ chunk: EventChunk, _ i: Int) {
        let t = Int64(chunk.time[i])
        let type = chunk.type[i]
        let price = chunk.price[i]
        let isPurchase = type == EventType.purchase.rawValue
        let day = t / UTCCalendar.secondsPerDay
        eventsByType[Int(type)] += 1
        days.update(day) { d in
            d.events += 1
            if isPurchase {
                d.purchases += 1
                d.revenueCents += Int64(price)
            }
        }
        hours.update(t / 3600) { h in
            h.add(type: type, price: price)
        }
        let s = Int(chunk.session[i])
        if s != 0 {
            let first = sessionFirstDay[s]
            if Int64(first) != day {
                if first < 0 {
                    sessionFirstDay[s] = Int32(day)
                    sessions += 1
                    days.update(day) { $0.sessions += 1 }
                } else if sessionOtherDays.insert(UInt64(s) << 24 | UInt64(day)).inserted {
                    days.update(day) { $0.sessions += 1 }
                }
            }
        }
        let base = Int(chunk.category[i]) * 31
        let hour = Int(t % UTCCalendar.secondsPerDay / 3600)
        let weekday = UTCCalendar.isoWeekday(days: day) - 1
        cells[base + hour].add(type: type, price: price)
        cells[base + 24 + weekday].add(type: type, price: price)
        brandCounts[Int(chunk.brand[i])].add(type: type, price: price)
    }
}

/// The figures of one UTC day.
struct DayFigures {
    var events = 0
    var purchases = 0
    var revenueCents: Int64 = 0
    /// Distinct non-empty sessions and distinct users with a row that day.
    var sessions = 0
    var visitors = 0
}

/// The figures of one hour.
struct HourFigures {
    var byType = (0, 0, 0, 0)
    var revenueCents: Int64 = 0
    /// Distinct users with a row in the hour.
    var visitors = 0

    @inline(__always)
    mutating func add(type: UInt8, price: UInt32) {
        switch type {
        case 0: byType.0 += 1
        case 1: byType.1 += 1
        case 2: byType.2 += 1
        default: byType.3 += 1
        }
        if type == EventType.purchase.rawValue { revenueCents += Int64(price) }
    }

    func count(_ type: Int) -> Int {
        switch type {
        case 0: byType.0
        case 1: byType.1
        case 2: byType.2
        default: byType.3
        }
    }
}

/// The cart-abandonment figures by code, as ``LiveInsights`` keeps them.
struct AbandonmentFigures {
    var total = CartAbandonment.Tally()
    var abandoningUsers = 0
    var cartOnlyUsers = 0
    /// By the day number of each pair's first cart.
    var days = TimeBuckets(empty: CartAbandonment.Tally())
    /// By category code, brand code and product code of each pair's last cart.
    var categories: [CartAbandonment.Tally] = []
    var brands: [CartAbandonment.Tally] = []
    var products: [UInt32: CartAbandonment.Tally] = [:]
}
