/// Activity in fixed time buckets — events by type, revenue and distinct visitors per bucket: the
/// hourly series of the Overview and the per-second one of the Live panel (``ActivitySeries``).
struct SeriesAccumulator: InsightAccumulator {
    /// One bucket's figures.
    struct Bucket {
        var byType = (0, 0, 0, 0)
        var revenueCents: Int64 = 0
        /// Distinct users with a row in the bucket.
        var visitors = 0

        func count(_ type: Int) -> Int {
            switch type {
            case 0: byType.0
            case 1: byType.1
            case 2: byType.2
            default: byType.3
            }
        }
    }

    let bucketSeconds: Int64
    /// The bucket of a time, by multiplication.
    private let bucket: TimeDivisor
    /// Whether distinct visitors per bucket are counted (they need the rows grouped by user).
    let countsVisitors: Bool
    private(set) var buckets = TimeBuckets(empty: Bucket())
    private var scratch: [Int64] = []

    init(bucketSeconds: Int64, countsVisitors: Bool = true) {
        self.bucketSeconds = max(1, bucketSeconds)
        bucket = TimeDivisor(self.bucketSeconds)
        self.countsVisitors = countsVisitors
    }

    var foldsUsers: Bool { countsVisitors }

    func empty() -> Self { Self(bucketSeconds: bucketSeconds, countsVisitors: countsVisitors) }

    @inline(__always)
    mutating func fold(_ chunk: EventChunk, _ i: Int, sign: Int) {
        let type = chunk.type[i]
        let price = chunk.price[i]
        buckets.update(bucket.quotient(chunk.time[i])) { b in
            switch type {
            case 0: b.byType.0 += sign
            case 1: b.byType.1 += sign
            case 2: b.byType.2 += sign
            default: b.byType.3 += sign
            }
            if type == EventType.purchase.rawValue { b.revenueCents += Int64(price) * Int64(sign) }
        }
    }

    /// Adds a chunk's rows, counted by hour: for hourly buckets only.
    mutating func fold(_ tally: ChunkTally) {
        precondition(bucketSeconds == 3600, "a tally counts by the hour")
        tally.forEachHour { hour, c in
            buckets.update(hour) { b in
                b.byType.0 += c.views
                b.byType.1 += c.carts
                b.byType.2 += c.removals
                b.byType.3 += c.purchases
                b.revenueCents += c.revenueCents
            }
        }
    }

    mutating func fold(user: UserRows, sign: Int) {
        user.forEachDistinct(&scratch, bucket: bucket.quotient) { b in
            buckets.update(b) { $0.visitors += sign }
        }
    }

    /// Key: the row's bucket.
    func widen(_ scope: inout UserScope, for row: UserRow) {
        if countsVisitors { scope.addBucket(bucket.quotient(row.time), of: bucketSeconds) }
    }

    mutating func merge(_ o: SeriesAccumulator) {
        o.buckets.forEach { k, f in
            buckets.update(k) {
                $0.byType.0 += f.byType.0
                $0.byType.1 += f.byType.1
                $0.byType.2 += f.byType.2
                $0.byType.3 += f.byType.3
                $0.revenueCents += f.revenueCents
                $0.visitors += f.visitors
            }
        }
    }

    /// The series over `count` buckets from the epoch second `start` (a multiple of the bucket
    /// length).
    func series(start: Int64, count: Int) -> ActivitySeries {
        let first = start / bucketSeconds
        let values = (0..<Int64(count)).map { buckets[first + $0] }
        return ActivitySeries(
            start: start, bucketSeconds: bucketSeconds,
            byType: (0..<EventType.allCases.count).map { t in values.map { $0.count(t) } },
            revenueCents: values.map(\.revenueCents), visitors: countsVisitors ? values.map(\.visitors) : [])
    }
}
