/// Insight 5 over stored rows: each user's events counted in the rule's tumbling windows, a user
/// at a time. A window with more than `activeOver` events adds an active user to it; one with more
/// than `alertOver` adds its counts by type under (user, window) — so taking a user's rows back
/// subtracts exactly what they added, and an alert whose counts fall to zero is gone.
struct BurstAccumulator: InsightAccumulator {
    let rule: BurstRule
    /// Active users by window number (window start / window length).
    private(set) var activeUsers = TimeBuckets<Int32>(empty: 0)
    /// Events by type of each alerting window, by user code (high 32 bits) and window number.
    private(set) var alerts: [UInt64: SIMD4<Int32>] = [:]
    private var windows: [(window: Int64, type: UInt8)] = []
    /// The window number of a time (stored times are never negative).
    private let window: TimeDivisor

    init(rule: BurstRule) {
        self.rule = rule
        window = TimeDivisor(rule.windowSeconds)
    }

    var foldsUsers: Bool { true }

    func empty() -> Self { Self(rule: rule) }

    mutating func fold(user: UserRows, sign: Int) {
        // Fewer events than both thresholds can make the user neither active nor alerting.
        guard user.rows.count > min(rule.activeOver, rule.alertOver) else { return }
        guard !user.inTimeOrder else {
            // Windows come in order: count each run of rows in one window as it ends. The counts
            // by type are four scalars: a vector's lane written by index stalls the reads after it.
            var w = Int64.min
            var byType: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
            for r in user.rows {
                let next = window.quotient(r.time)
                if next != w {
                    close(w, SIMD4(byType.0, byType.1, byType.2, byType.3), user: user.user, sign: sign)
                    w = next
                    byType = (0, 0, 0, 0)
                }
                switch r.type {
                case 0: byType.0 += 1
                case 1: byType.1 += 1
                case 2: byType.2 += 1
                default: byType.3 += 1
                }
            }
            close(w, SIMD4(byType.0, byType.1, byType.2, byType.3), user: user.user, sign: sign)
            return
        }
        windows.removeAll(keepingCapacity: true)
        for r in user.rows { windows.append((window.quotient(r.time), r.type)) }
        windows.sort { $0.window < $1.window }
        var i = 0
        while i < windows.count {
            let w = windows[i].window
            var byType = SIMD4<Int32>()
            while i < windows.count, windows[i].window == w {
                byType[Int(windows[i].type)] += 1
                i += 1
            }
            close(w, byType, user: user.user, sign: sign)
        }
    }

    /// Counts window `w` of a user, whose rows there number `byType` by type (none: nothing).
    @inline(__always)
    private mutating func close(_ w: Int64, _ byType: SIMD4<Int32>, user: UInt32, sign: Int) {
        let count = Int(byType.wrappedSum())
        guard count > 0 else { return }
        if rule.isActive(count) { activeUsers.update(w) { $0 += Int32(sign) } }
        if rule.raisesAlert(count) {
            let key = UInt64(user) << 32 | UInt64(UInt32(truncatingIfNeeded: w))
            add(byType &* SIMD4(repeating: Int32(sign)), at: key)
        }
    }

    /// Key: the row's window.
    func widen(_ scope: inout UserScope, for row: UserRow) {
        scope.addBucket(window.quotient(row.time), of: rule.windowSeconds)
    }

    mutating func merge(_ o: BurstAccumulator) {
        o.activeUsers.forEach { w, n in activeUsers.update(w) { $0 += n } }
        for (key, counts) in o.alerts { add(counts, at: key) }
    }

    private mutating func add(_ counts: SIMD4<Int32>, at key: UInt64) {
        let sum = (alerts[key] ?? SIMD4()) &+ counts
        alerts[key] = sum == SIMD4() ? nil : sum
    }

    /// Every alert, by window start then user id, and the windows with an active user — the last
    /// `activeWindows` of them when given: a screen shows a few hundred, and listing the month's
    /// (8,640 windows a day) on every refresh made a refresh cost more the longer a feed ran.
    func evaluate(_ snapshot: EventSnapshot, activeWindows: Int? = nil) -> BurstAlerts {
        let length = rule.windowSeconds
        let list = alerts.map { key, counts in
            let byType = (0..<4).map { Int(counts[$0]) }
            return BurstAlert(
                userId: snapshot.userId(UInt32(key >> 32)),
                windowStart: Int64(UInt32(truncatingIfNeeded: key)) * length,
                count: byType.reduce(0, +), byType: byType)
        }
        var active: [(start: Int64, users: Int)] = []
        if let activeWindows {
            activeUsers.forEachReversed { w, n in
                if n > 0 { active.append((w * length, Int(n))) }
                return active.count < activeWindows
            }
            active.reverse()
        } else {
            activeUsers.forEach { w, n in
                if n > 0 { active.append((w * length, Int(n))) }
            }
        }
        return BurstAlerts(
            rule: rule, alerts: list.sorted { ($0.windowStart, $0.userId) < ($1.windowStart, $1.userId) },
            activeUsers: active)
    }
}
