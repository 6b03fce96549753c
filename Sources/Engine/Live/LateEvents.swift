/// Counts events that arrive after their burst window has closed — more than one window late,
/// by the newest event time seen so far. They still count in every figure; the alert of their
/// window was already delivered, so they are reported rather than silently folded in.
public struct LateEvents: Sendable {
    public let rule: BurstRule
    public private(set) var watermark: Int64 = .min
    public private(set) var late = 0
    private var seen = 0

    public init(rule: BurstRule) { self.rule = rule }

    /// Looks at the rows appended since the last call, in arrival order: the newest event time
    /// seen so far closes windows, as for one source read in order.
    public mutating func observe(_ snapshot: EventSnapshot) {
        count(snapshot, external: nil)
    }

    /// Looks at the rows appended since the last call, read from a stream whose watermark (see
    /// ``StreamConsumer/watermark``) was `streamWatermark` before they arrived; nil closes nothing.
    public mutating func observe(_ snapshot: EventSnapshot, streamWatermark: Int64?) {
        count(snapshot, external: streamWatermark ?? .min)
    }

    private mutating func count(_ snapshot: EventSnapshot, external: Int64?) {
        let end = snapshot.count
        guard end > seen else { return }
        for row in seen..<end {
            let t = Int64(snapshot.time(UInt32(row)))
            let closed = external ?? watermark
            if rule.isClosed(windowOf: t, by: closed) { late += 1 }
            watermark = max(watermark, t)
        }
        seen = end
    }
}
