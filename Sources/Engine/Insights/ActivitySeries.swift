/// Activity over time in fixed buckets: events by type, revenue and distinct visitors per bucket.
/// The dashboard's sparklines are these series.
public struct ActivitySeries: Sendable, Equatable, Codable {
    /// Epoch second where bucket 0 starts, and the bucket length in seconds.
    public var start: Int64
    public var bucketSeconds: Int64
    /// Events per bucket, by `EventType.rawValue`.
    public var byType: [[Int]]
    public var revenueCents: [Int64]
    /// Distinct users with an event in the bucket (empty when not asked for).
    public var visitors: [Int]

    public var count: Int { revenueCents.count }

    /// Events of every type per bucket.
    public var events: [Int] {
        (0..<count).map { b in byType.reduce(0) { $0 + $1[b] } }
    }

    init(start: Int64, bucketSeconds: Int64, byType: [[Int]], revenueCents: [Int64], visitors: [Int]) {
        self.start = start
        self.bucketSeconds = bucketSeconds
        self.byType = byType
        self.revenueCents = revenueCents
        self.visitors = visitors
    }

    /// Buckets of `bucketSeconds` over the window's data; with `last`, only the `last` buckets
    /// that end at the latest event (for "the recent minutes"). Without `visitors` the distinct
    /// users per bucket (a grouping of the users) are left out.
    public init(
        _ snapshot: EventSnapshot, options: InsightOptions, bucketSeconds: Int64, last: Int? = nil,
        visitors countVisitors: Bool = true
    ) {
        var options = options
        let bucketSeconds = max(1, bucketSeconds)
        if let last, snapshot.count > 0 {
            let dataEnd = Int64(snapshot.timeRange.1) + 1
            let from = (dataEnd - 1) / bucketSeconds * bucketSeconds - Int64(last - 1) * bucketSeconds
            options.window.from = max(options.window.from ?? from, from)
        }
        let series = InsightFolding.fold(
            snapshot, options: options,
            into: SeriesAccumulator(bucketSeconds: bucketSeconds, countsVisitors: countVisitors))
        // The last minutes start where they were asked to, even before the first event.
        self = Self.covering(
            snapshot, window: options.window, bucketSeconds: bucketSeconds, from: series,
            start: last != nil ? options.window.from : nil)
    }

    /// The buckets of `series` from the first bucket of the window's data (or from `start`) to its
    /// last.
    static func covering(
        _ snapshot: EventSnapshot, window: TimeWindow, bucketSeconds: Int64, from series: SeriesAccumulator,
        start: Int64? = nil
    ) -> ActivitySeries {
        let (lo, hi) = snapshot.timeRange
        let dataEnd = Int64(hi) + 1
        let first = max(Int64(lo), window.from ?? 0)
        let end = min(dataEnd, window.to ?? dataEnd)
        guard snapshot.count > 0, first < end else {
            return ActivitySeries(
                start: 0, bucketSeconds: bucketSeconds, byType: Array(repeating: [], count: EventType.allCases.count),
                revenueCents: [], visitors: [])
        }
        let start = start ?? first / bucketSeconds * bucketSeconds
        return series.series(start: start, count: Int((end - 1 - start) / bucketSeconds) + 1)
    }
}
