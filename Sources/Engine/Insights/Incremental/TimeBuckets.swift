/// Values per time bucket (a day, an hour, a burst window), dense from the earliest bucket seen
/// to the latest.
///
/// Rows arrive roughly in time order, so a dense array that grows at either end costs one
/// subtraction and a bounds check per row where a dictionary would hash. Growth is geometric at
/// both ends, so even rows in falling time order append in amortised constant time.
struct TimeBuckets<Value> {
    /// Bucket number of `values[0]`.
    private(set) var first: Int64 = 0
    private(set) var values: [Value] = []
    private let empty: Value

    init(empty: Value) { self.empty = empty }

    /// Bucket numbers held, lowest first (some may hold `empty`).
    var buckets: Range<Int64> { first..<(first + Int64(values.count)) }

    /// The position of `bucket` in `values`, grown to hold it.
    @inline(__always)
    mutating func index(_ bucket: Int64) -> Int {
        let i = bucket &- first
        if i >= 0, i < Int64(values.count) { return Int(i) }
        return grow(to: bucket)
    }

    /// The value of `bucket`; `empty` outside the buckets held.
    subscript(bucket: Int64) -> Value {
        let i = bucket - first
        return i >= 0 && i < Int64(values.count) ? values[Int(i)] : empty
    }

    /// Changes the value of `bucket`, growing the buckets to hold it.
    @inline(__always)
    mutating func update(_ bucket: Int64, _ change: (inout Value) -> Void) {
        let i = index(bucket)
        change(&values[i])
    }

    private mutating func grow(to bucket: Int64) -> Int {
        if values.isEmpty {
            first = bucket
            values = [empty]
            return 0
        }
        if bucket < first {
            let extra = max(first - bucket, Int64(values.count / 2))
            values.insert(contentsOf: repeatElement(empty, count: Int(extra)), at: 0)
            first -= extra
        } else {
            let needed = bucket - first + 1 - Int64(values.count)
            values.append(contentsOf: repeatElement(empty, count: Int(needed)))
        }
        return Int(bucket - first)
    }
}
