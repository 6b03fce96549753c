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

    /// The row-by-row work, split so that each core takes one share of the users and sessions.
    var shares: [LiveShare]
    private var batch: UInt32 = 0

    // Figures kept per touched user (see `LiveInsights+Users.swift`).
    var visitors = 0
    var brandVisitors: [Int] = []
    var brandBuyers: [Int] = []
    var abandonment = AbandonmentFigures()
    /// Active users per burst window number.
    var activeUsers = TimeBuckets<Int32>(empty: 0)
    /// Alerts by user code (high 32 bits) and window number.
    var alerts: [UInt64: BurstAlert] = [:]

    /// Batches of at least this many rows fold on every core.
    let parallelBatch: Int

    public convenience init(options: InsightOptions) {
        // A large batch (a new filter, a catch-up) folds on every core. Smaller ones stay on one:
        // each share reads every row, and while rows stream in, the other core is the feed's.
        self.init(options: options, parallelBatch: 262_144)
    }

    init(options: InsightOptions, parallelBatch: Int) {
        self.options = options
        self.parallelBatch = parallelBatch
        // A power of two, so that a row's share is a mask and its index in the share a shift.
        let shift = Parallel.width >= 4 ? 2 : Parallel.width >= 2 ? 1 : 0
        shares = (0..<(1 << shift)).map { LiveShare(index: $0, shift: shift) }
    }

    /// Whether `snapshot` holds every row folded in so far: an older one (a paused view) cannot be
    /// answered from these figures.
    public func canFold(_ snapshot: EventSnapshot) -> Bool { snapshot.count >= rows }

    /// Folds in the rows of `snapshot` not seen yet. Snapshots must come from one store, each
    /// at least as new as the last.
    public func fold(_ snapshot: EventSnapshot) {
        precondition(canFold(snapshot), "a snapshot older than the rows already folded")
        guard snapshot.count > rows else { return }
        let filter = RowPredicate(snapshot, options: options)
        batch &+= 1
        if batch == 0 {  // after 2^32 batches: 0 marks "never touched", so start the marks over
            for s in shares.indices { shares[s].forgetTouches() }
            batch = 1
        }
        let earlier = rows
        let batch = self.batch
        let work = { (share: inout LiveShare) in
            share.reserve(snapshot)
            share.fold(snapshot, from: earlier, filter: filter, batch: batch)
        }
        if snapshot.count - earlier < parallelBatch || shares.count == 1 {
            for s in shares.indices { work(&shares[s]) }
        } else {
            shares.withUnsafeMutableBufferPointer { shares in
                let target = UnsafeSendable(shares)
                _ = Parallel.map(shares.count) { s in work(&target.value[s]) }
            }
        }
        rows = snapshot.count
        brandVisitors.grow(to: snapshot.brandLabels.count, with: 0)
        brandBuyers.grow(to: snapshot.brandLabels.count, with: 0)
        abandonment.brands.grow(to: snapshot.brandLabels.count, with: .init())
        abandonment.categories.grow(to: snapshot.categoryCount, with: .init())
        updateUsers(shares.flatMap(\.touched), earlier: earlier, snapshot: snapshot)
    }

    /// The row-by-row figures of every share, added up.
    var figures: RowFigures {
        var total = shares[0].figures
        for share in shares.dropFirst() { total.add(share.figures) }
        return total
    }
}

/// One core's share of the row-by-row work: the rows of users `u` with `u % count == index`
/// (their lists and the counts they add to), and the distinct-session figures of sessions `s`
/// with `s % count == index`, where `count` is `1 << shift`. Every share reads every new row
/// and keeps its own; the figures add up across shares.
struct LiveShare {
    let index: Int
    let shift: Int
    var count: Int { 1 << shift }
    /// Rows per user of this share, by `u >> shift`.
    var lists = UserRowLists()
    /// Per user of this share: the last batch that touched it, so each is listed once.
    private var touchedIn: [UInt32] = []
    /// Users of this share the last batch touched.
    private(set) var touched: [UInt32] = []
    var figures = RowFigures()

    init(index: Int, shift: Int) {
        self.index = index
        self.shift = shift
    }

    /// The share of user or session code `code`, and its index there.
    @inline(__always)
    static func locate(_ code: UInt32, shift: Int) -> (share: Int, index: Int) {
        (Int(code & ((1 << shift) - 1)), Int(code >> shift))
    }

    /// Grows the per-code arrays to the snapshot's dictionaries.
    mutating func reserve(_ snapshot: EventSnapshot) {
        let users = (snapshot.userCount + count - 1) / count
        lists.reserveUsers(users)
        touchedIn.grow(to: users, with: 0)
        figures.sessionFirstDay.grow(to: (snapshot.sessionCount + count - 1) / count, with: -1)
        figures.cells.grow(to: snapshot.categoryCount * 31, with: ActivityCounts())
        figures.brandCounts.grow(to: snapshot.brandLabels.count, with: ActivityCounts())
    }

    /// Clears the marks of the batches that touched each user.
    mutating func forgetTouches() {
        touchedIn = Array(repeating: 0, count: touchedIn.count)
    }

    /// Adds the rows from `earlier` on that `filter` keeps and that belong to this share.
    mutating func fold(_ snapshot: EventSnapshot, from earlier: Int, filter: RowPredicate, batch: UInt32) {
        touched.removeAll(keepingCapacity: true)
        let mask = UInt32(count - 1)
        let shift = UInt32(self.shift)
        let index = UInt32(self.index)
        for c in (earlier >> AppendOnlyColumn<UInt32>.chunkShift)..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            for i in max(earlier - chunk.start, 0)..<chunk.count where filter.accepts(chunk, i) {
                let u = chunk.user[i]
                if u & mask == index {
                    let local = Int(u >> shift)
                    lists.append(row: UInt32(chunk.start + i), user: local)
                    if touchedIn[local] != batch {
                        touchedIn[local] = batch
                        touched.append(u)
                    }
                    figures.add(chunk, i)
                }
                let s = chunk.session[i]
                if s != 0, s & mask == index { figures.addSession(Int(s >> shift), time: chunk.time[i]) }
            }
        }
    }
}

/// The figures per day, hour, category cell, brand and event type. All but the distinct
/// visitors (added per user) add up row by row; distinct sessions per day are kept by session.
struct RowFigures {
    var days = TimeBuckets(empty: DayFigures())
    var hours = TimeBuckets(empty: HourFigures())
    /// Per session (by its index in a share): the day number of its first row, or −1; other days
    /// in `sessionOtherDays`.
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
        let base = Int(chunk.category[i]) * 31
        let hour = Int(t % UTCCalendar.secondsPerDay / 3600)
        let weekday = UTCCalendar.isoWeekday(days: day) - 1
        cells[base + hour].add(type: type, price: price)
        cells[base + 24 + weekday].add(type: type, price: price)
        brandCounts[Int(chunk.brand[i])].add(type: type, price: price)
    }

    /// Counts a session's row at `time` (distinct sessions, and per day), by the session's
    /// index in this share.
    @inline(__always)
    mutating func addSession(_ s: Int, time: UInt32) {
        let day = Int64(time) / UTCCalendar.secondsPerDay
        let first = sessionFirstDay[s]
        guard Int64(first) != day else { return }
        if first < 0 {
            sessionFirstDay[s] = Int32(day)
            sessions += 1
            days.update(day) { $0.sessions += 1 }
        } else if sessionOtherDays.insert(UInt64(s) << 24 | UInt64(day)).inserted {
            days.update(day) { $0.sessions += 1 }
        }
    }

    /// Adds another share's figures (all but its session maps, which stay with it).
    mutating func add(_ o: RowFigures) {
        o.days.forEach { d, f in
            days.update(d) {
                $0.events += f.events
                $0.purchases += f.purchases
                $0.revenueCents += f.revenueCents
                $0.sessions += f.sessions
                $0.visitors += f.visitors
            }
        }
        o.hours.forEach { h, f in
            hours.update(h) {
                $0.byType.0 += f.byType.0
                $0.byType.1 += f.byType.1
                $0.byType.2 += f.byType.2
                $0.byType.3 += f.byType.3
                $0.revenueCents += f.revenueCents
                $0.visitors += f.visitors
            }
        }
        sessions += o.sessions
        for c in o.cells.indices { cells[c].add(o.cells[c]) }
        for b in o.brandCounts.indices { brandCounts[b].add(o.brandCounts[b]) }
        for t in eventsByType.indices { eventsByType[t] += o.eventsByType[t] }
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
