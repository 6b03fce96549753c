extension LiveInsights {
    /// Recomputes the per-user figures of the users a batch touched, on every core, and merges
    /// the changes.
    ///
    /// For each user, rows below `earlier` were folded before: their contribution is taken back
    /// (or, for distinct counts, marked as already counted) and the contribution of all the
    /// user's rows is added. Only counts go up or down, so the order of users does not matter.
    func updateUsers(_ touched: [UInt32], earlier: Int, snapshot: EventSnapshot) {
        guard !touched.isEmpty else { return }
        let scope = UserDeltaScope(snapshot, rule: options.burst)
        let parts = Parallel.ranges(touched.count, parts: touched.count < 512 ? 1 : Parallel.width)
        let shares = self.shares
        let deltas: [UserDelta] = Parallel.map(parts.count) { p in
            var delta = UserDelta(scope)
            var rows: [UserRow] = []
            for k in parts[p] {
                let u = Int(touched[k])
                rows.removeAll(keepingCapacity: true)
                var split = 0
                let (share, index) = LiveShare.locate(UInt32(u), shift: shares[0].shift)
                shares[share].lists.forEachRow(of: index) { r in
                    if Int(r) < earlier { split += 1 }
                    rows.append(
                        UserRow(time: snapshot.time(r), row: r, brand: snapshot.brand(r), type: snapshot.type(r)))
                }
                delta.add(user: u, rows: rows, split: split, snapshot: snapshot)
            }
            return delta
        }
        for d in deltas { merge(d, scope) }
    }

    private func merge(_ d: UserDelta, _ scope: UserDeltaScope) {
        visitors += d.visitors
        for i in d.dayVisitors.indices where d.dayVisitors[i] != 0 {
            shares[0].figures.days.update(scope.firstDay + Int64(i)) { $0.visitors += Int(d.dayVisitors[i]) }
        }
        for i in d.hourVisitors.indices where d.hourVisitors[i] != 0 {
            shares[0].figures.hours.update(scope.firstHour + Int64(i)) { $0.visitors += Int(d.hourVisitors[i]) }
        }
        for b in d.brandVisitors.indices {
            brandVisitors[b] += Int(d.brandVisitors[b])
            brandBuyers[b] += Int(d.brandBuyers[b])
        }
        let a = d.abandonment
        abandonment.total.add(a.total)
        abandonment.abandoningUsers += a.abandoningUsers
        abandonment.cartOnlyUsers += a.cartOnlyUsers
        for i in a.days.indices where a.days[i] != CartAbandonment.Tally() {
            abandonment.days.update(scope.firstDay + Int64(i)) { $0.add(a.days[i]) }
        }
        for c in a.categories.indices { abandonment.categories[c].add(a.categories[c]) }
        for b in a.brands.indices { abandonment.brands[b].add(a.brands[b]) }
        for (p, t) in a.products { abandonment.products[p, default: .init()].add(t) }
        for (w, n) in d.activeUsers { activeUsers.update(w) { $0 += n } }
        for (key, alert) in d.alerts { alerts[key] = alert }
    }
}

/// The dense ranges a batch's per-user changes are kept in: the days and hours of the
/// snapshot's data, its brands and categories.
struct UserDeltaScope {
    let firstDay: Int64
    let dayCount: Int
    let firstHour: Int64
    let hourCount: Int
    let brands: Int
    let categories: Int
    let rule: BurstRule

    init(_ snapshot: EventSnapshot, rule: BurstRule) {
        let (lo, hi) = (Int64(snapshot.timeRange.0), Int64(snapshot.timeRange.1))
        firstDay = lo / UTCCalendar.secondsPerDay
        dayCount = Int(hi / UTCCalendar.secondsPerDay - firstDay) + 1
        firstHour = lo / 3600
        hourCount = Int(hi / 3600 - firstHour) + 1
        brands = snapshot.brandLabels.count
        categories = snapshot.categoryCount
        self.rule = rule
    }
}

/// One worker's changes to the per-user figures, from the users it recomputed.
struct UserDelta {
    let scope: UserDeltaScope
    var visitors = 0
    var dayVisitors: [Int32]
    var hourVisitors: [Int32]
    var brandVisitors: [Int32]
    var brandBuyers: [Int32]
    /// Days in the scope's dense range, categories by code.
    var abandonment: AbandonmentTallies
    var activeUsers: [Int64: Int32] = [:]
    var alerts: [(UInt64, BurstAlert)] = []

    // Marks of what the current user's earlier rows reached, stamped with the user code.
    private var dayMark: [Int32]
    private var hourMark: [Int32]
    private var brandMark: [Int32]
    private var boughtMark: [Int32]
    private var pairEvents: [PairEvent] = []
    private var windows: [Int64] = []
    private var windowCounts: [Int] = []

    init(_ scope: UserDeltaScope) {
        self.scope = scope
        dayVisitors = Array(repeating: 0, count: scope.dayCount)
        hourVisitors = Array(repeating: 0, count: scope.hourCount)
        brandVisitors = Array(repeating: 0, count: scope.brands)
        brandBuyers = Array(repeating: 0, count: scope.brands)
        abandonment = AbandonmentTallies(days: scope.dayCount, categories: scope.categories, brands: scope.brands)
        dayMark = Array(repeating: -1, count: scope.dayCount)
        hourMark = Array(repeating: -1, count: scope.hourCount)
        brandMark = Array(repeating: -1, count: scope.brands)
        boughtMark = Array(repeating: -1, count: scope.brands)
    }

    /// Adds the change of one user whose rows are `rows` (in row order), of which the first
    /// `split` were folded before.
    mutating func add(user u: Int, rows: [UserRow], split: Int, snapshot: EventSnapshot) {
        if split == 0 { visitors += 1 }
        addReach(user: Int32(u), rows: rows, split: split)
        addPairs(rows: rows, split: split, snapshot: snapshot)
        addBursts(user: u, rows: rows, split: split, snapshot: snapshot)
    }

    /// Distinct visitors per day, per hour and per brand, and buyers per brand.
    private mutating func addReach(user u: Int32, rows: [UserRow], split: Int) {
        for k in 0..<split {
            let t = Int64(rows[k].time)
            dayMark[Int(t / UTCCalendar.secondsPerDay - scope.firstDay)] = u
            hourMark[Int(t / 3600 - scope.firstHour)] = u
            let b = Int(rows[k].brand)
            brandMark[b] = u
            if rows[k].type == EventType.purchase.rawValue { boughtMark[b] = u }
        }
        for k in split..<rows.count {
            let t = Int64(rows[k].time)
            let d = Int(t / UTCCalendar.secondsPerDay - scope.firstDay)
            if dayMark[d] != u {
                dayMark[d] = u
                dayVisitors[d] += 1
            }
            let h = Int(t / 3600 - scope.firstHour)
            if hourMark[h] != u {
                hourMark[h] = u
                hourVisitors[h] += 1
            }
            let b = Int(rows[k].brand)
            if brandMark[b] != u {
                brandMark[b] = u
                brandVisitors[b] += 1
            }
            if rows[k].type == EventType.purchase.rawValue, boughtMark[b] != u {
                boughtMark[b] = u
                brandBuyers[b] += 1
            }
        }
    }

    /// The user's carted pairs: those of the earlier rows taken back, those of all rows added.
    /// Nothing changes unless a new row is a cart or a purchase.
    private mutating func addPairs(rows: [UserRow], split: Int, snapshot: EventSnapshot) {
        func isCartOrPurchase(_ r: UserRow) -> Bool {
            r.type == EventType.cart.rawValue || r.type == EventType.purchase.rawValue
        }
        guard rows[split...].contains(where: isCartOrPurchase) else { return }
        for sign in [-1, 1] {
            let end = sign < 0 ? split : rows.count
            pairEvents.removeAll(keepingCapacity: true)
            var hasCart = false
            var hasPurchase = false
            for r in rows[..<end] where isCartOrPurchase(r) {
                let isCart = r.type == EventType.cart.rawValue
                if isCart { hasCart = true } else { hasPurchase = true }
                let row = snapshot.row(r.row)
                pairEvents.append(
                    PairEvent(
                        product: row.product, time: r.time, row: r.row, isCart: isCart, price: row.price,
                        category: row.category, brand: r.brand))
            }
            guard hasCart else { continue }
            if !hasPurchase { abandonment.cartOnlyUsers += sign }
            let scope = self.scope
            let abandonedAny = CartAbandonment.forEachCartedPair(&pairEvents) { pair in
                var tally = pair.tally
                if sign < 0 { tally = .init(); tally.subtract(pair.tally) }
                abandonment.add(
                    tally, day: Int(Int64(pair.firstCart) / UTCCalendar.secondsPerDay - scope.firstDay),
                    category: Int(pair.lastCart.category), brand: Int(pair.lastCart.brand),
                    product: pair.lastCart.product)
            }
            if abandonedAny { abandonment.abandoningUsers += sign }
        }
    }

    /// The burst windows the new rows fall in, recounted over all the user's rows: a window
    /// that crossed the active threshold adds an active user, one over the alert threshold
    /// (re)places its alert.
    private mutating func addBursts(user u: Int, rows: [UserRow], split: Int, snapshot: EventSnapshot) {
        let rule = scope.rule
        // Fewer events than both thresholds can make the user neither active nor alerting.
        guard rows.count > min(rule.activeOver, rule.alertOver) else { return }
        windows.removeAll(keepingCapacity: true)
        for r in rows[split...] { windows.append(rule.windowStart(Int64(r.time))) }
        if zip(windows, windows.dropFirst()).contains(where: { $0 > $1 }) { windows.sort() }
        var unique = 0
        for w in windows where unique == 0 || windows[unique - 1] != w {
            windows[unique] = w
            unique += 1
        }
        windows.removeLast(windows.count - unique)
        // Per window: rows folded before, then counts by type over all rows.
        windowCounts.removeAll(keepingCapacity: true)
        windowCounts.append(contentsOf: repeatElement(0, count: windows.count * 5))
        for (k, r) in rows.enumerated() {
            guard let w = Self.position(of: rule.windowStart(Int64(r.time)), in: windows) else { continue }
            if k < split { windowCounts[w * 5] += 1 }
            windowCounts[w * 5 + 1 + Int(r.type)] += 1
        }
        for (w, start) in windows.enumerated() {
            let earlier = windowCounts[w * 5]
            let now =
                windowCounts[w * 5 + 1] + windowCounts[w * 5 + 2] + windowCounts[w * 5 + 3] + windowCounts[w * 5 + 4]
            if now > rule.activeOver, earlier <= rule.activeOver {
                activeUsers[start / rule.windowSeconds, default: 0] += 1
            }
            if now > rule.alertOver {
                let key = UInt64(u) << 32 | UInt64(UInt32(truncatingIfNeeded: start / rule.windowSeconds))
                let alert = BurstAlert(
                    userId: snapshot.userId(UInt32(u)), windowStart: start, count: now,
                    byType: Array(windowCounts[(w * 5 + 1)..<(w * 5 + 5)]))
                alerts.append((key, alert))
            }
        }
    }

    /// The index of `value` in the sorted `values`, if there.
    private static func position(of value: Int64, in values: [Int64]) -> Int? {
        var lo = 0
        var hi = values.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < values.count && values[lo] == value ? lo : nil
    }
}

/// The columns of a user's row that most per-user figures read; carts and purchases read the
/// rest from the store.
struct UserRow {
    var time: UInt32
    var row: UInt32
    var brand: UInt32
    var type: UInt8
}
