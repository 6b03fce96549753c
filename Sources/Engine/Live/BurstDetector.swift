/// The burst rule on a stream, event by event: per-user counts in the open tumbling windows only,
/// so memory stays bounded however long the stream runs.
///
/// Time is whatever the caller passes — event time, or arrival time (`txn_timestamp`) for the
/// tutorial's "arrival" flavour. A window stays open until the watermark is a whole window past its
/// end: events up to one window late still count; later ones are counted in `late`. The watermark
/// is the newest time seen (``observe(user:time:type:)``), or, for a stream read shard by shard,
/// the stream's own (``count(user:time:type:)`` and ``advance(to:)``).
public struct BurstDetector: Sendable {
    public let rule: BurstRule
    public private(set) var watermark: Int64 = .min
    public private(set) var late = 0
    /// (window start, active users) of closed windows, the most recent `keep`.
    public private(set) var activeUsers: [(start: Int64, users: Int)] = []
    private var open: [Int64: [UInt64: [Int]]] = [:]
    private let keep: Int

    public init(rule: BurstRule, keep: Int = 360) {
        self.rule = rule
        self.keep = keep
    }

    /// Counts one event; returns the alerts of the windows this event's time closed.
    public mutating func observe(user: UInt64, time: Int64, type: UInt8) -> [BurstAlert] {
        guard count(user: user, time: time, type: type) else { return [] }
        return advance(to: time)
    }

    /// Counts one event and closes nothing; returns false when its window was already closed
    /// (the event is counted in `late`).
    @discardableResult
    public mutating func count(user: UInt64, time: Int64, type: UInt8) -> Bool {
        if rule.isClosed(windowOf: time, by: watermark) {
            late += 1
            return false
        }
        open[rule.windowStart(time), default: [:]][user, default: [0, 0, 0, 0]][Int(type)] += 1
        return true
    }

    /// Moves the watermark to `time` (never back) and returns the alerts of the windows it
    /// closed: those that end a whole window before it.
    public mutating func advance(to time: Int64) -> [BurstAlert] {
        guard time > watermark else { return [] }
        watermark = time
        let rule = rule
        return close { rule.isClosed(windowOf: $0, by: time) }
    }

    /// Closes every open window (the end of the input) and returns their alerts.
    public mutating func finish() -> [BurstAlert] { close { _ in true } }

    /// Windows currently open, for tests of the memory bound.
    public var openWindows: Int { open.count }

    private mutating func close(_ closed: (Int64) -> Bool) -> [BurstAlert] {
        var alerts: [BurstAlert] = []
        for start in open.keys.sorted() where closed(start) {
            var active = 0
            for (user, byType) in open[start]! {
                let count = byType.reduce(0, +)
                if rule.isActive(count) { active += 1 }
                if rule.raisesAlert(count) {
                    alerts.append(BurstAlert(userId: user, windowStart: start, count: count, byType: byType))
                }
            }
            if active > 0 { activeUsers.append((start, active)) }
            open[start] = nil
        }
        if activeUsers.count > keep { activeUsers.removeFirst(activeUsers.count - keep) }
        return alerts.sorted { $0.userId < $1.userId }
    }
}
