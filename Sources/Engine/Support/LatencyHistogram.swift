/// Latencies counted in a fixed-size histogram, so a measurement that runs for hours (a consumer
/// following a stream, the dashboard's screen-latency probe) keeps a constant few kilobytes
/// instead of one sample per record.
///
/// Values are kept in microseconds in log-linear buckets, after HdrHistogram: exact below 128 µs,
/// then 64 buckets per power of two, so a reported percentile is at most 1.6 % above the true value
/// (the bucket's upper bound, capped at the exact maximum).
public struct LatencyHistogram: Sendable {
    private static let subBuckets = 64
    private var counts = [UInt64](repeating: 0, count: 64 * subBuckets)
    public private(set) var count = 0
    /// The largest value recorded, exactly, in milliseconds.
    public private(set) var maxMilliseconds = 0.0

    public init() {}

    /// Records one latency; negative ones (clocks a little apart) count as 0.
    public mutating func record(milliseconds: Double) {
        let micros = UInt64(max(0, (milliseconds * 1000).rounded()))
        counts[Self.index(micros)] += 1
        count += 1
        maxMilliseconds = max(maxMilliseconds, milliseconds)
    }

    /// The latency below which a share `p` (0…1) of the recorded ones lie, in milliseconds; 0
    /// when nothing was recorded.
    public func percentile(_ p: Double) -> Double {
        guard count > 0 else { return 0 }
        let target = max(1, UInt64((p * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (i, c) in counts.enumerated() where c > 0 {
            seen += c
            if seen >= target { return min(Double(Self.upperBound(i)) / 1000, maxMilliseconds) }
        }
        return maxMilliseconds
    }

    /// The bucket of `v`: `v` itself below 128, else its top seven bits and its magnitude.
    static func index(_ v: UInt64) -> Int {
        guard v >= UInt64(2 * subBuckets) else { return Int(v) }
        let magnitude = 63 - v.leadingZeroBitCount  // 7 or more
        let shift = magnitude - 6
        return (shift + 1) * subBuckets + Int(v >> UInt64(shift)) - subBuckets
    }

    /// The largest value that falls in bucket `i`.
    static func upperBound(_ i: Int) -> UInt64 {
        guard i >= 2 * subBuckets else { return UInt64(i) }
        let shift = i / subBuckets - 1
        let mantissa = UInt64(i % subBuckets + subBuckets)
        return ((mantissa + 1) << UInt64(shift)) - 1
    }
}
