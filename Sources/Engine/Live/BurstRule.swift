/// The tutorial's real-time rule (docs/insights.md, insight 5): each user's events counted in tumbling windows
/// aligned to the epoch (`floor(t / window) * window`); more than `activeOver` events make the user
/// active in that window, more than `alertOver` raise an alert ("possible DDoS").
public struct BurstRule: Sendable, Equatable, Codable {
    public var windowSeconds: Int64
    public var activeOver: Int
    public var alertOver: Int

    public init(windowSeconds: Int64 = 10, activeOver: Int = 1, alertOver: Int = 10) {
        self.windowSeconds = max(1, windowSeconds)
        self.activeOver = activeOver
        self.alertOver = alertOver
    }

    /// The start of the window holding `t`.
    @inline(__always)
    public func windowStart(_ t: Int64) -> Int64 {
        let (q, _) = UTCCalendar.floorDivide(t, windowSeconds)
        return q * windowSeconds
    }

    /// Whether a user with `count` events in one window is active in it.
    @inline(__always)
    public func isActive(_ count: Int) -> Bool { count > activeOver }

    /// Whether `count` events of one user in one window raise an alert.
    @inline(__always)
    public func raisesAlert(_ count: Int) -> Bool { count > alertOver }

    /// The closing rule, the one every burst count follows (report, dashboard, sinks; event,
    /// arrival and txn time): the window holding `t` is closed once the watermark — the newest
    /// time read, or for a stream the least over its shards of the newest time read — is a whole
    /// window past its end, so events up to one window late still count. `.min`: nothing read,
    /// nothing closed.
    @inline(__always)
    public func isClosed(windowOf t: Int64, by watermark: Int64) -> Bool {
        watermark != .min && windowStart(t) + 2 * windowSeconds <= watermark
    }
}

/// One alert: a user whose events in one window exceeded the alert threshold.
public struct BurstAlert: Sendable, Equatable, Hashable, Codable {
    public var userId: UInt64
    /// Epoch seconds.
    public var windowStart: Int64
    public var count: Int
    /// Events by `EventType.rawValue`.
    public var byType: [Int]

    public init(userId: UInt64, windowStart: Int64, count: Int, byType: [Int]) {
        self.userId = userId
        self.windowStart = windowStart
        self.count = count
        self.byType = byType
    }

    /// The alert as one line of JSON, as the sinks deliver it.
    public var json: String {
        let types = EventType.allCases.map { "\"\($0.name)\": \(byType[Int($0.rawValue)])" }.joined(separator: ", ")
        return "{\"user_id\": \(userId), \"window_start\": \"\(UTCCalendar.isoString(seconds: windowStart))\", "
            + "\"count\": \(count), \"by_type\": {\(types)}}"
    }
}
