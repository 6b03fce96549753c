/// Burst windows on `txn_timestamp`, the time the tutorial's simulator stamps on each record as
/// it sends it — the time its Flink job windows on. A report reads the whole stream first, so the
/// events are gathered as records are read, put in time order, and then counted by the one
/// ``BurstDetector``: the shards' interleaving cannot make an event late.
///
/// `txn_timestamp` carries no zone: windows fall on the producer's wall clock, and their starts
/// are that clock's times (printed as if UTC).
public final class TxnBurstWindows {
    public let rule: BurstRule
    private var events: [(time: Int64, user: UInt64, type: UInt8)] = []
    /// Event records that had no readable `txn_timestamp`: they count in every figure but in no window.
    public private(set) var missing = 0

    public init(rule: BurstRule) { self.rule = rule }

    /// Takes one record's payload (see ``StreamRecordAppender/onRecord``).
    public func record(_ payload: UnsafeBufferPointer<UInt8>) {
        guard let e = EventRecordCodec.userAndType(payload) else { return }
        guard let t = EventRecordCodec.txnTimestamp(payload) else {
            missing += 1
            return
        }
        events.append((t, e.user, e.type))
    }

    /// The alerts of every window, by window start then user, and the active users of the most
    /// recent windows.
    public func finish() -> (alerts: [BurstAlert], activeUsers: [(start: Int64, users: Int)]) {
        var detector = BurstDetector(rule: rule)
        var alerts: [BurstAlert] = []
        for e in events.sorted(by: { $0.time < $1.time }) {
            alerts += detector.observe(user: e.user, time: e.time, type: e.type)
        }
        alerts += detector.finish()
        return (alerts.sorted { ($0.windowStart, $0.userId) < ($1.windowStart, $1.userId) }, detector.activeUsers)
    }
}
