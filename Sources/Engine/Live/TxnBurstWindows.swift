import Foundation

/// Burst windows on `txn_timestamp`, the time the tutorial's simulator stamps on each record as
/// it sends it — the time its Flink job windows on — for `report --stream` and for the dashboard
/// following a stream.
///
/// Records are read shard after shard, a few megabytes at a time, so while a reader catches up
/// one shard runs ahead of the others: events are gathered until every shard is caught up, then
/// counted in time order by the one ``BurstDetector``, and windows close by a watermark: the
/// newest `txn_timestamp` read, moved on by the time that has passed since it was read, less a
/// second (a producer stamps a record as it sends it, so a later record cannot carry an older
/// stamp, and a window closes on time even when nothing follows it — as arrival windows do).
/// Once caught up, each poll brings only what was sent since, and an event more than a window
/// older than the watermark is late. A report reads the whole stream and closes every window at
/// the end: the shards' interleaving cannot make an event late.
///
/// `txn_timestamp` carries no zone: windows fall on the producer's wall clock, and their starts
/// are that clock's times (printed as if UTC).
public final class TxnBurstWindows: StreamBurstWindows {
    public private(set) var detector: BurstDetector
    private var pending: [(time: Int64, user: UInt64, type: UInt8)] = []
    private var newest: Int64?
    /// When the newest stamp was read (seconds of this machine's clock).
    private var newestReadAt = 0.0
    /// Event records that had no readable `txn_timestamp`: they count in every figure but in no window.
    public private(set) var missing = 0

    public init(rule: BurstRule) { detector = BurstDetector(rule: rule) }

    /// Takes one record's payload (see ``StreamRecordAppender/onRecord``).
    public func record(_ payload: UnsafeBufferPointer<UInt8>) {
        guard let e = EventRecordCodec.userAndType(payload) else { return }
        guard let t = EventRecordCodec.txnTimestamp(payload) else {
            missing += 1
            return
        }
        pending.append((t, e.user, e.type))
        if t > newest ?? .min {
            newest = t
            newestReadAt = Date().timeIntervalSince1970
        }
    }

    /// After a poll: when every shard is caught up, the alerts of the windows the watermark has
    /// closed (nothing while a shard is still behind).
    public func advance(caughtUp: Bool) -> [BurstAlert] {
        advance(caughtUp: caughtUp, now: Date().timeIntervalSince1970)
    }

    /// The same at `now`, this machine's clock in seconds since 1970.
    public func advance(caughtUp: Bool, now: Double) -> [BurstAlert] {
        guard caughtUp, let newest else { return [] }
        countPending()
        return detector.advance(to: newest + max(0, Int64(now - newestReadAt) - 1))
    }

    /// The end of the input: every open window closes; their alerts by window start then user.
    public func finish() -> [BurstAlert] {
        countPending()
        return detector.finish().sorted { ($0.windowStart, $0.userId) < ($1.windowStart, $1.userId) }
    }

    public var notice: String? { missing > 0 ? Self.notice(missing) : nil }

    /// What to tell the user about records without a `txn_timestamp`.
    public static func notice(_ missing: Int) -> String {
        "\(missing) event record(s) have no txn_timestamp: they are in no burst window"
    }

    private func countPending() {
        for e in pending.sorted(by: { $0.time < $1.time }) {
            detector.count(user: e.user, time: e.time, type: e.type)
        }
        pending.removeAll(keepingCapacity: true)
    }
}
