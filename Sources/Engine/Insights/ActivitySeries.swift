/// Activity over time in fixed buckets: events by type, revenue and distinct visitors per bucket.
/// The dashboard's sparklines are these series.
public struct ActivitySeries: Sendable, Equatable {
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
    /// users per bucket (a grouping of every user) are left out.
    public init(
        _ snapshot: EventSnapshot, options: InsightOptions, bucketSeconds: Int64, last: Int? = nil,
        visitors countVisitors: Bool = true
    ) {
        var options = options
        let bucketSeconds = max(1, bucketSeconds)
        self.bucketSeconds = bucketSeconds
        let (lo, hi) = snapshot.timeRange
        let dataEnd = Int64(hi) + 1
        if let last {
            let from = (dataEnd - 1) / bucketSeconds * bucketSeconds - Int64(last - 1) * bucketSeconds
            options.window.from = max(options.window.from ?? from, from)
        }
        let filter = RowPredicate(snapshot, options: options)
        let first = max(Int64(lo), filter.window.from ?? 0)
        let end = min(dataEnd, filter.window.to ?? dataEnd)
        guard snapshot.count > 0, first < end else {
            start = 0
            byType = Array(repeating: [], count: EventType.allCases.count)
            revenueCents = []
            visitors = []
            return
        }
        start = last != nil ? (options.window.from ?? first) : first / bucketSeconds * bucketSeconds
        let n = Int((end - 1 - start) / bucketSeconds) + 1
        let bucketLength = bucketSeconds
        let origin = start
        let chunkParts = Parallel.ranges(snapshot.chunkCount, parts: Parallel.width)
        let parts: [([[Int]], [Int64])] = Parallel.map(chunkParts.count) { p in
            var byType = [[Int]](repeating: [Int](repeating: 0, count: n), count: EventType.allCases.count)
            var revenue = [Int64](repeating: 0, count: n)
            for k in chunkParts[p] {
                let chunk = snapshot.chunk(k)
                chunk.forEachRow(matching: filter) { i in
                    let b = Int((Int64(chunk.time[i]) - origin) / bucketLength)
                    let type = Int(chunk.type[i])
                    byType[type][b] += 1
                    if type == Int(EventType.purchase.rawValue) { revenue[b] += Int64(chunk.price[i]) }
                }
            }
            return (byType, revenue)
        }
        byType = (0..<EventType.allCases.count).map { t in (0..<n).map { b in parts.reduce(0) { $0 + $1.0[t][b] } } }
        revenueCents = (0..<n).map { b in parts.reduce(0) { $0 + $1.1[b] } }
        if !countVisitors {
            visitors = []
        } else if last != nil {
            visitors = Self.distinctUsersBySorting(snapshot, filter: filter, buckets: n) {
                Int((Int64($0) - origin) / bucketLength)
            }
        } else {
            let grouping = UserGrouping(snapshot, filter: filter)
            visitors = grouping.distinctUsers(snapshot, buckets: n) { Int((Int64($0) - origin) / bucketLength) }
        }
    }

    /// Distinct users per bucket from the sorted (bucket, user) pairs of the filtered rows: for
    /// the last minutes, which hold few rows, cheaper than grouping every user of the store.
    private static func distinctUsersBySorting(
        _ snapshot: EventSnapshot, filter: RowPredicate, buckets: Int, bucket: (UInt32) -> Int
    ) -> [Int] {
        var pairs: [UInt64] = []
        for c in 0..<snapshot.chunkCount {
            let chunk = snapshot.chunk(c)
            chunk.forEachRow(matching: filter) { i in
                pairs.append(UInt64(bucket(chunk.time[i])) << 32 | UInt64(chunk.user[i]))
            }
        }
        pairs.sort()
        var visitors = [Int](repeating: 0, count: buckets)
        for (k, p) in pairs.enumerated() where k == 0 || pairs[k - 1] != p { visitors[Int(p >> 32)] += 1 }
        return visitors
    }
}
