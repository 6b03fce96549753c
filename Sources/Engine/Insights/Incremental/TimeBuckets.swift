/// Values per time bucket (a day, an hour, a burst window), dense from the earliest bucket seen
/// to the latest.
///
/// Rows arrive roughly in time order, so a dense array that grows at either end costs one
/// subtraction and a bounds check per row where a dictionary would hash. Growth is geometric at
/// both ends, so even rows in falling time order append in amortised constant time. The dense
/// range never spans more than `maxSpan` buckets: a bucket further out (one odd timestamp decades
/// away from the rest) is kept in a dictionary instead of stretching the array across the gap.
struct TimeBuckets<Value> {
    static var maxSpan: Int64 { 1 << 22 }

    /// Bucket number of `values[0]`.
    private var first: Int64 = 0
    private var values: [Value] = []
    /// Buckets outside the dense range that would have stretched it past `maxSpan`.
    private var far: [Int64: Value] = [:]
    private let empty: Value

    init(empty: Value) { self.empty = empty }

    /// The value of `bucket`; `empty` for a bucket never updated.
    subscript(bucket: Int64) -> Value {
        let i = bucket &- first
        if i >= 0, i < Int64(values.count) { return values[Int(i)] }
        return far[bucket] ?? empty
    }

    /// Changes the value of `bucket`.
    @inline(__always)
    mutating func update(_ bucket: Int64, _ change: (inout Value) -> Void) {
        let i = bucket &- first
        if i >= 0, i < Int64(values.count) {
            change(&values[Int(i)])
        } else if let g = grow(to: bucket) {
            change(&values[g])
        } else {
            var v = far[bucket] ?? empty
            change(&v)
            far[bucket] = v
        }
    }

    /// Calls `body` with every bucket held and its value, in bucket order.
    func forEach(_ body: (Int64, Value) -> Void) {
        let farKeys = far.keys.sorted()
        var k = 0
        for (i, v) in values.enumerated() {
            let bucket = first + Int64(i)
            while k < farKeys.count, farKeys[k] < bucket {
                body(farKeys[k], far[farKeys[k]]!)
                k += 1
            }
            body(bucket, v)
        }
        for key in farKeys[k...] { body(key, far[key]!) }
    }

    /// Calls `body` with every bucket held and its value, in falling bucket order, until it
    /// returns false.
    func forEachReversed(_ body: (Int64, Value) -> Bool) {
        let farKeys = far.keys.sorted(by: >)
        var k = 0
        for i in values.indices.reversed() {
            let bucket = first + Int64(i)
            while k < farKeys.count, farKeys[k] > bucket {
                guard body(farKeys[k], far[farKeys[k]]!) else { return }
                k += 1
            }
            guard body(bucket, values[i]) else { return }
        }
        for key in farKeys[k...] {
            guard body(key, far[key]!) else { return }
        }
    }

    /// Grows the dense range to hold `bucket` and returns its index, or nil when that would span
    /// more than `maxSpan` buckets.
    private mutating func grow(to bucket: Int64) -> Int? {
        if values.isEmpty {
            first = bucket
            values = [empty]
            return 0
        }
        let last = first + Int64(values.count) - 1
        guard max(last, bucket) - min(first, bucket) < Self.maxSpan else { return nil }
        if bucket < first {
            let extra = min(max(first - bucket, Int64(values.count / 2)), Self.maxSpan - Int64(values.count))
            values.insert(contentsOf: repeatElement(empty, count: Int(extra)), at: 0)
            first -= extra
        } else {
            let needed = bucket - first + 1 - Int64(values.count)
            values.append(contentsOf: repeatElement(empty, count: Int(needed)))
        }
        return Int(bucket - first)
    }
}
