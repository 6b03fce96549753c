import Engine

/// Where the rows come from and how far along they are: shown by the progress bar while loading
/// and by the Live panel.
public struct FeedStatus: Equatable, Sendable {
    public var source: String = ""
    public var rows = 0
    public var rejected = 0
    public var bytesRead: Int64 = 0
    public var bytesTotal: Int64 = 0
    /// Rows appended per second, measured over the last second or so.
    public var rowsPerSecond = 0.0
    /// True while files are still being read.
    public var loading = false
    /// Event-time seconds replayed per wall-clock second, for a paced feed (the demo).
    public var speed: Double?
    /// True when `speed` is measured from the events arriving (a producer in another process),
    /// not set here.
    public var speedObserved = false
    /// The first error that stopped the feed, if any.
    public var failure: String?
    /// Non-fatal notices (unknown config keys, say).
    public var notice: String?
    /// Events that arrived after their burst window had closed (more than one window late): they
    /// count in every figure but no longer change the alerts already delivered.
    public var lateEvents = 0
    /// With burst windows on a time only the records carry (arrival, `txn_timestamp`): the alerts
    /// and active users the feed's detector found (the store keeps event times only).
    public var feedBursts: FeedBursts?
    /// Per shard, when following a stream: records behind and age of the last record read.
    public var shardLag: [StreamConsumer.Lag] = []
    /// When following a stream: the event time every shard has been read up to (see
    /// ``StreamConsumer/watermark``); burst windows close by it. Nil until known.
    public var watermark: Int64?

    public init() {}

    /// Fraction of the input read, for the progress bar.
    public var fraction: Double { bytesTotal > 0 ? Double(bytesRead) / Double(bytesTotal) : 0 }
}

/// Burst results on a time only the records carry, kept by the feed.
public struct FeedBursts: Equatable, Sendable {
    /// The time the windows fall on, as the Live panel names it.
    public var clock: BurstClock
    public var alerts: [BurstAlert] = []
    public var windowStarts: [Int64] = []
    public var activeUsers: [Int] = []

    public init(clock: BurstClock) { self.clock = clock }

    /// After a poll: closes the windows the stream's watermark has passed, adds their alerts,
    /// takes the detector's active users and hands the alerts to `dispatcher`, once each.
    public mutating func advance(
        _ windows: StreamBurstWindows, caughtUp: Bool, dispatcher: AlertDispatcher?
    ) {
        let closed = windows.advance(caughtUp: caughtUp)
        alerts += closed
        windowStarts = windows.detector.activeUsers.map(\.start)
        activeUsers = windows.detector.activeUsers.map(\.users)
        dispatcher?.dispatch(closed, rule: windows.detector.rule, latest: 0, final: true)
    }
}
